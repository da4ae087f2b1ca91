/**
 * `npm start`: build the browser bundles, then start every server of the demo
 * on its own origin and print where each one is. Ctrl-C stops them all.
 */
import { createDemoApp } from '../demo/app.js';
import { startFetchServer, type RunningServer } from '../src/node/serve.js';
import { buildBundles } from './build.js';

const demoPort = Number(process.env.DEMO_PORT ?? 5173);

await buildBundles();

const running: { name: string; server: RunningServer; url: string }[] = [];
const demo = await startFetchServer(createDemoApp().fetch, { hostname: 'localhost', port: demoPort });
running.push({ name: 'demo partner shop', server: demo, url: `http://localhost:${demo.port}` });

console.log('\nSovEmbed demo is running:');
for (const { name, url } of running) console.log(`  ${name.padEnd(20)} ${url}`);
console.log('\nPress Ctrl-C to stop.');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled(running.map(({ server }) => server.close()));
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
