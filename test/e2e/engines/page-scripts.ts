/**
 * Script bodies the engine-neutral journeys run in the page or in the widget's
 * frame (see driver.ts: plain strings, `arguments` are the args). The widget's
 * elements sit in open shadow roots, so they are found by walking them.
 */
const DEEP = `const deep = (selector, root = document) => {
  const found = root.querySelector(selector);
  if (found) return found;
  for (const el of root.querySelectorAll('*')) {
    const inner = el.shadowRoot && deep(selector, el.shadowRoot);
    if (inner) return inner;
  }
  return null;
};`;

/** Text of the first element matching a CSS selector (shadow roots included), or null. */
export const textOf = `${DEEP} const el = deep(arguments[0]); return el ? el.textContent.trim() : null;`;

/** An attribute of the first match, or null. */
export const attributeOf = `${DEEP} const el = deep(arguments[0]); return el ? el.getAttribute(arguments[1]) : null;`;

/** Click the first match, as a pointer would (it must exist). */
export const click = `${DEEP} const el = deep(arguments[0]); if (!el) return false; el.click(); return true;`;

/** Type a value into an input: focus, set, and the input and change events a keyboard would cause. */
export const fill = `${DEEP} const el = deep(arguments[0]); if (!el) return false;
  el.focus(); el.value = arguments[1];
  el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: arguments[1], inputType: 'insertText' }));
  el.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  return true;`;

/** The rendered height of the first match, in CSS pixels. */
export const heightOf = `${DEEP} const el = deep(arguments[0]); return el ? el.getBoundingClientRect().height : null;`;

/** Names of the IndexedDB databases of this origin (empty when nothing was stored). */
export const databases = `return (await indexedDB.databases()).map((d) => d.name);`;
