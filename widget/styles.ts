import { css } from 'lit';

/**
 * Look shared by every element. Colours come from custom properties the host
 * may set through the protocol Theme (see theme.ts); the defaults meet WCAG AA
 * contrast on white (text 16:1, primary 7:1, danger 6.5:1, muted 7:1).
 * Layout uses logical properties (inline-start/end) so right-to-left locales
 * mirror without separate rules.
 */
export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    color: var(--sov-color-text, #1a1a1a);
    background: var(--sov-color-background, #ffffff);
    font-family: var(--sov-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--sov-font-size, 16px);
    line-height: 1.5;
  }
  *, *::before, *::after { box-sizing: inherit; }
  h2, h3, p { margin: 0; }
  h2 { font-size: 1.25em; line-height: 1.3; }
  .muted { color: var(--sov-color-muted, #4d4d4d); }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--sov-radius, 8px);
    padding-block: 0.65em;
    padding-inline: 1.25em;
    border: 2px solid var(--sov-color-primary, #0b57a4);
    font-weight: 600;
  }
  .primary { background: var(--sov-color-primary, #0b57a4); color: var(--sov-color-on-primary, #ffffff); }
  .secondary { background: transparent; color: var(--sov-color-primary, #0b57a4); }
  button:disabled { cursor: not-allowed; opacity: 0.7; }
  /* Keyboard focus is always visible, also on themed buttons. */
  :focus-visible, input:focus {
    outline: 3px solid var(--sov-color-focus, #0b57a4);
    outline-offset: 2px;
  }
  .skeleton {
    border-radius: var(--sov-radius, 8px);
    background: linear-gradient(90deg, #e8e8e8 25%, #f4f4f4 50%, #e8e8e8 75%) 0 0 / 200% 100%;
    animation: shimmer 1.4s infinite linear;
  }
  /* Classes, not style attributes, so a strict style-src CSP needs no unsafe-inline. */
  .sk-image { block-size: 160px; }
  .sk-title { block-size: 1.4em; inline-size: 60%; margin-block-start: 12px; }
  .sk-line { block-size: 1em; inline-size: 90%; margin-block-start: 8px; }
  .sk-button { block-size: 2.6em; inline-size: 40%; margin-block-start: 16px; }
  .notice { display: grid; gap: 0.75em; justify-items: start; padding: 1em; border-radius: var(--sov-radius, 8px); }
  .notice.error { border: 2px solid var(--sov-color-danger, #b3261e); }
  .notice.success { border: 2px solid var(--sov-color-success, #1e6b34); }
  .notice h2:focus { outline: none; }
  @keyframes shimmer { to { background-position: -200% 0; } }
  @media (prefers-reduced-motion: reduce) { .skeleton { animation: none; } }
  .visually-hidden {
    position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden;
    clip-path: inset(50%); white-space: nowrap;
  }
`;

/** `<sov-widget>`'s own frame around the view it holds (the platform renders it into /embed as well). */
export const widgetStyles = css`:host { padding: var(--sov-padding, 16px); }`;
