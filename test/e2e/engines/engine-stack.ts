import { after, before } from 'node:test';
import type { DemoStackOptions } from '../../../demo/stack.js';
import { startTestStack, type TestStack } from '../helpers/demo-stack.js';
import { type Engine, launchEngine } from './driver.js';

/**
 * The demo's three servers and the engine of this run (SOV_ENGINE) for a
 * describe block: started before its tests, stopped after.
 */
export function useEngineStack(options: DemoStackOptions & { itp?: boolean } = {}): { readonly stack: TestStack; readonly engine: Engine } {
  const running = {} as { stack: TestStack; engine: Engine };
  before(async () => {
    running.stack = await startTestStack(options);
    running.engine = await launchEngine({ itp: options.itp });
  });
  after(async () => {
    await running.engine?.close();
    await running.stack?.close();
  });
  return running;
}
