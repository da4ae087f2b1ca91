import type { Faults } from './faults.js';
import type { AcceptedConversion, SandboxCall } from './state.js';

const escapeHtml = (value: unknown): string => String(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function table(headers: string[], rows: unknown[][]): string {
  if (rows.length === 0) return '<p class="empty">None yet.</p>';
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v ?? '')}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** The human view of the sandbox: faults, accepted conversions, the latest calls. Everything is escaped. */
export function sandboxPage(faults: Faults, conversions: AcceptedConversion[], calls: SandboxCall[]): string {
  const latest = calls.slice(-200).reverse();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Upstream sandbox</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1c1c1c}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #ddd}
th{background:#f4f4f4}td{white-space:nowrap;font-variant-numeric:tabular-nums}.scroll{overflow-x:auto}code{background:#f4f4f4;padding:.1rem .3rem;border-radius:3px}.empty{color:#666}
</style></head><body>
<main>
<h1>Upstream conversion API sandbox</h1>
<p>Simulates <code>POST /ext/{productId}/{token}/api</code>. JSON: <a href="/__sandbox/conversions">conversions</a>,
<a href="/__sandbox/calls">calls</a>, <a href="/__sandbox/faults">faults</a>. Reset with <code>DELETE /__sandbox/state</code>.</p>
<h2>Faults</h2>
${table(Object.keys(faults), [Object.values(faults)])}
<h2>Accepted conversions (${conversions.length})</h2>
${table(
  ['product id', 'token', 'test', 'accepted calls', 'answers lost', 'first accepted', 'last accepted'],
  conversions.map((c) => [
    c.productId,
    c.token,
    c.isTest ? 'yes' : 'no',
    c.acceptedCalls,
    c.answersLost,
    c.firstAcceptedAt,
    c.lastAcceptedAt,
  ]),
)}
<h2>Latest calls (${calls.length} in all)</h2>
${table(
  ['#', 'at', 'method', 'path', 'status', 'fault'],
  latest.map((c) => [c.id, c.at, c.method, c.path, c.status, c.fault ?? '']),
)}
</main></body></html>`;
}
