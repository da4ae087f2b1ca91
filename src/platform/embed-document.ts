import type { EmbedConfig } from '../protocol/embed-token.schema.js';
import { EMBED_CONFIG_ELEMENT_ID } from '../protocol/http.js';

export const WIDGET_SCRIPT_PATH = '/embed/widget.js';
/**
 * The bundle and its chunks under a versioned folder: `/embed/v/<version>/widget.js` and
 * `/embed/v/<version>/chunks/<name>-<hash>.js`. A folder, not a `?v=` query, because the chunks
 * import the bundle back (`../widget.js`): that must resolve to the very URL the document
 * loaded, or the browser would run a second copy of the widget beside the first.
 */
export const WIDGET_VERSIONED_PATH = '/embed/v/:version/widget.js';
export const WIDGET_CHUNK_PATH = '/embed/v/:version/chunks/:file';
/** The product card's early script, versioned by its own bytes like the bundle. */
export const EARLY_VERSIONED_PATH = '/embed/v/:version/early.js';

/** Cache-Control of the widget bundle under its versioned URL: those bytes never change. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

/**
 * The bundle's URL with its content version in its path (`/embed/v/<hash of the bytes>/widget.js`).
 * A new build gets a new URL, so the browser may keep each version for a year:
 * a second widget on the page, or the next page view, runs it without a request.
 */
export function widgetScriptUrl(version: string): string {
  return `/embed/v/${encodeURIComponent(version)}/widget.js`;
}

/** The early script's URL, versioned by a hash of its own bytes. */
export function earlyScriptUrl(version: string): string {
  return `/embed/v/${encodeURIComponent(version)}/early.js`;
}

/** The early script's element id: rendering waits until it is parsed. */
const EARLY_SCRIPT_ID = 'sov-early';

/** A product card the platform rendered into the document (embed-card.ts), and the early script that announces it. */
export interface ServerCard {
  /** `<sov-widget>` with its declarative shadow root. */
  markup: string;
  earlyUrl: string;
}

const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/** JSON that can sit inside a <script> element: nothing in it can close the element or start a comment. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

/**
 * The widget document's policy. Scripts only from this origin (the config is
 * JSON data, not code, so no 'unsafe-inline' for scripts); only the token's
 * origin may frame it; the widget may call only its own origin's API.
 * Inline styles stay allowed because Lit falls back to <style> elements.
 */
export function widgetCsp(frameAncestor: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestor}`,
  ].join('; ');
}

/** Headers every HTML answer of /embed carries. The token is in the URL: no caching, no referrer. */
export const EMBED_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
} as const;

/**
 * The iframe document. `scriptUrl` is the bundle's versioned URL (widgetScriptUrl);
 * `preloads` the chunks (`chunks/<name>-<hash>.js`) it will import at once, fetched
 * beside it rather than after it (its locale's texts, a checkout widget's form).
 *
 * With a server-rendered `card`, the document paints the card itself: the early script right
 * after it says hello and ready, then imports the bundle (its `data-widget`). Rendering waits
 * for the early script's element (`<link rel="expect" blocking="render">`, where supported), so the
 * frame's first paint does not come between the card and its hello (it did, ~40 ms, measured).
 * Without a card (a checkout widget), the bundle renders everything and is render-blocking in
 * the head, so the frame paints nothing before the widget.
 */
export function widgetDocument(config: EmbedConfig, scriptUrl: string = WIDGET_SCRIPT_PATH, preloads: string[] = [], card?: ServerCard): string {
  // Beside the bundle's own URL, as its relative imports resolve (`chunks/…` next to `widget.js`).
  const base = scriptUrl.replace(/[^/]*$/, '');
  const links = preloads.map((file) => `<link rel="modulepreload" href="${escapeHtml(base + file)}">\n`).join('');
  const lang = config.locale ?? 'en';
  const dir = RTL.has(lang.split('-')[0]) ? 'rtl' : 'ltr';
  const script = card
    ? `<link rel="expect" href="#${EARLY_SCRIPT_ID}" blocking="render">`
    : `<script type="module" async blocking="render" src="${escapeHtml(scriptUrl)}"></script>`;
  const body = card
    ? `${card.markup}\n<script id="${EARLY_SCRIPT_ID}" src="${escapeHtml(card.earlyUrl)}" data-widget="${escapeHtml(scriptUrl)}"></script>`
    : '<sov-widget></sov-widget>';
  return `<!doctype html>
<html lang="${escapeHtml(lang)}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SovEmbed widget</title>
<style>body{margin:0}</style>
<script type="application/json" id="${EMBED_CONFIG_ELEMENT_ID}">${scriptSafeJson(config)}</script>
${script}
${links}</head>
<body>
${body}
</body>
</html>
`;
}

/** A readable page in place of the widget: no script at all, so nothing of the widget runs. */
export function messagePage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:1.5rem;color:#222;background:#fafafa}h1{font-size:1.1rem;margin:0 0 .5rem}</style>
</head>
<body>
<main role="alert">
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
</main>
</body>
</html>
`;
}

/** The error pages' policy: no script, inline style only. They may be framed; they hold nothing worth clickjacking. */
export const MESSAGE_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
