import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messagePage, scriptSafeJson, widgetCsp } from './embed-document.js';

describe('embed document pieces', () => {
  it('keeps JSON inside its script element: no < > & or line separators survive raw', () => {
    const value = { a: '</script><script>alert(1)</script>', b: '<!--', c: 'x&y', d: '\u2028\u2029' };
    const text = scriptSafeJson(value);
    assert.ok(!/[<>&\u2028\u2029]/.test(text));
    assert.deepEqual(JSON.parse(text), value);
  });

  it('names only the given origin in frame-ancestors and allows no inline script', () => {
    const csp = widgetCsp('https://shop.example');
    assert.match(csp, /frame-ancestors https:\/\/shop\.example$/);
    assert.match(csp, /script-src 'self';/);
    assert.ok(!csp.includes("'unsafe-eval'"));
  });

  it('escapes what it is told to show', () => {
    assert.ok(messagePage('<b>', '<img src=x onerror=alert(1)>').includes('&lt;img src=x onerror=alert(1)&gt;'));
  });
});
