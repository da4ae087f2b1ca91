import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PLATFORM_CLI = fileURLToPath(new URL('../../src/platform/cli.ts', import.meta.url));
const BFF_MAIN = fileURLToPath(new URL('../../src/bff/main.ts', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** Where it listens (the BFF's without its base path). */
  url: string;
  port: number;
}

/** Run `entry` in its own Node process and resolve once its stdout names the URL it listens on. */
async function spawnServer(entry: string, args: string[], env: Record<string, string>, listening: RegExp): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = listening.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${entry} exited ${code} before listening: ${err}`)));
  });
  return { child, url, port: Number(new URL(url).port) };
}

/** `npm run platform -- serve` in its own process (PLATFORM_PORT, 0 for a free port). */
export function spawnPlatform(env: Record<string, string>): Promise<ServerProcess> {
  return spawnServer(PLATFORM_CLI, ['serve'], env, /SovEmbed platform on (\S+)/);
}

/** `npm run bff` in its own process (BFF_PORT, 0 for a free port), its forwarder inside unless BFF_FORWARD=false. */
export function spawnBff(env: Record<string, string>): Promise<ServerProcess> {
  return spawnServer(BFF_MAIN, [], env, /SovEmbed BFF listening on (http:\/\/[^/\s]+)/);
}

/** SIGKILL: no shutdown code runs, as when a host dies. Resolves once the process is gone. */
export function kill9(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill('SIGKILL');
  });
}
