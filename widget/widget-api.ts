import { isLocale } from '../src/protocol/guards.js';
import { THEME_KEYS } from '../src/protocol/patterns.js';
import type { WidgetApi, WidgetState } from '../src/protocol/widget-api.schema.js';
import { direction } from './i18n/index.js';
import type { SovWidget } from './sov-widget.js';
import { applyTheme } from './theme.js';

/**
 * The calls the host may make over the private port. Each argument comes
 * from another origin, so it is checked first with the protocol's guards
 * (isLocale, isTheme: the zod-free twins of LocaleSchema and ThemeSchema,
 * proved equal in src/protocol/guards.test.ts, and ~0.5 KB lighter); a bad one
 * is refused with an error naming the argument (comlink rejects the host's
 * promise with it) and changes nothing.
 */
export function createWidgetApi(widget: SovWidget): WidgetApi {
  return Object.freeze({
    async setLocale(...args: unknown[]): Promise<void> {
      if (args.length !== 1 || !isLocale(args[0])) throw new TypeError('setLocale: locale must be a language tag such as en, de or ar');
      widget.locale = args[0];
      // The iframe document is the widget's own: its language and direction follow, for screen readers and form controls.
      const root = widget.ownerDocument.documentElement;
      root.lang = args[0];
      root.dir = direction(args[0]);
      await widget.updateComplete;
    },
    async setTheme(...args: unknown[]): Promise<void> {
      if (args.length !== 1 || !applyTheme(widget, args[0]))
        throw new TypeError(`setTheme: theme must be an object with plain CSS values for ${THEME_KEYS.join(', ')}`);
    },
    async refresh(): Promise<void> {
      await widget.load();
    },
    async getState(): Promise<WidgetState> {
      return widget.state;
    },
  } satisfies Record<keyof WidgetApi, (...args: never[]) => Promise<unknown>>) as WidgetApi;
}
