import * as z from 'zod/mini';
import { IdSchema, LocaleSchema, ThemeSchema, WidgetKindSchema } from './primitives.schema.js';

/** What the widget shows; returned by the comlink call `getState()`. */
export const WidgetStateSchema = z.strictObject({
  view: z.enum(['loading', 'product', 'checkout', 'declined', 'success', 'error']),
  kind: WidgetKindSchema,
  productId: IdSchema,
  locale: LocaleSchema,
});
export type WidgetState = z.infer<typeof WidgetStateSchema>;

/** Arguments of the host-to-widget calls, validated by the widget before it acts. */
export const SetLocaleArgsSchema = z.tuple([LocaleSchema]);
export const SetThemeArgsSchema = z.tuple([ThemeSchema]);

/**
 * The calls the widget serves over comlink on the private port. Every
 * argument crosses a trust boundary, so the widget parses it with the
 * schemas above before it acts.
 */
export interface WidgetApi {
  setLocale(locale: string): Promise<void>;
  setTheme(theme: z.infer<typeof ThemeSchema>): Promise<void>;
  refresh(): Promise<void>;
  getState(): Promise<WidgetState>;
}
