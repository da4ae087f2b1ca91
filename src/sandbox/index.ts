/** src/sandbox: a faithful simulator of the upstream conversion API (the upstream guide, see docs/pipeline.md) with fault injection. */
export { createSandbox, DEMO_API_KEY, DEMO_PRODUCT_ID, type Sandbox, type SandboxConfig } from './create-sandbox.js';
export { type FaultKind, type Faults, type FaultsInput, FaultsSchema } from './faults.js';
export { type RunningSandbox, type StartSandboxOptions, startSandbox } from './start-sandbox.js';
export type { AcceptedConversion, SandboxCall } from './state.js';
