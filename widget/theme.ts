import { isTheme } from '../src/protocol/guards.js';
import { THEME_KEYS } from '../src/protocol/patterns.js';

/** Protocol Theme key → the custom property the widget's styles read. */
export const THEME_PROPERTIES: Record<(typeof THEME_KEYS)[number], string> = {
  colorPrimary: '--sov-color-primary',
  colorText: '--sov-color-text',
  colorBackground: '--sov-color-background',
  fontFamily: '--sov-font-family',
  radius: '--sov-radius',
};

/**
 * Set the theme's custom properties on `element` (inherited by every shadow
 * root below it); keys the theme leaves out fall back to the defaults.
 * A theme crosses a trust boundary (host page → widget), so it is parsed
 * first and refused whole if any value is not a plain CSS value.
 */
export function applyTheme(element: HTMLElement, theme: unknown): boolean {
  if (!isTheme(theme)) return false;
  for (const key of THEME_KEYS) {
    const value = theme[key];
    if (value) element.style.setProperty(THEME_PROPERTIES[key], value);
    else element.style.removeProperty(THEME_PROPERTIES[key]);
  }
  return true;
}
