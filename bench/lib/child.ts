import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child {
  process: ChildProcess;
  /** The child's first `{"event":"ready", …}` line. */
  ready: Record<string, unknown>;
  /** Every JSON line it printed, in order. */
  events: Record<string, unknown>[];
  /** When the ready line arrived (performance.now() of this process). */
  readyAt: number;
  stop(): Promise<void>;
}

/**
 * Run a TypeScript entry in its own Node process (through tsx), so the thing
 * measured and the thing measuring do not share one event loop on a 2-core box.
 * Resolves on the child's `{"event":"ready"}` JSON line; fails with its stderr.
 */
export function startChild(entry: string | URL, env: Record<string, string> = {}, args: string[] = []): Promise<Child> {
  const file = entry instanceof URL ? fileURLToPath(entry) : entry;
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: Record<string, unknown>[] = [];
  let stderr = '';
  let buffered = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before it was ready: ${stderr}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        let event: Record<string, unknown>;
        try {
          event = JSON.parse(line);
        } catch {
          continue; // not one of the JSON lines
        }
        events.push(event);
        if (event.event === 'ready') {
          resolve({
            process: child,
            ready: event,
            events,
            readyAt: performance.now(),
            async stop() {
              if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
              await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
              if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
            },
          });
        }
      }
    });
  });
}
