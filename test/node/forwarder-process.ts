import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/conversions/forwarder-main.ts', import.meta.url));

export interface ForwarderProcess {
  child: ChildProcess;
  /** JSON lines the child printed: {event: 'ready' | 'settled' | 'error', …}. */
  events: Record<string, unknown>[];
  ready: Promise<void>;
  exited: Promise<number | null>;
}

/** Start the real stand-alone forwarder (src/conversions/forwarder-main.ts) in its own process. */
export function spawnForwarder(env: Record<string, string>): ForwarderProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: Record<string, unknown>[] = [];
  let stderr = '';
  let buffered = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        const event = JSON.parse(line) as Record<string, unknown>;
        events.push(event);
        if (event.event === 'ready') markReady();
      } catch {
        // not one of our lines
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  exited.then((code) => {
    if (code !== null && code !== 0) console.error(`forwarder child exited ${code}: ${stderr}`);
  });
  return {
    child,
    events,
    ready: Promise.race([ready, exited.then(() => Promise.reject(new Error(`forwarder exited before ready: ${stderr}`)))]),
    exited,
  };
}
