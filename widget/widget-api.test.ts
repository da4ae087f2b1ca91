import { expect, fixture, html } from '@open-wc/testing';
import { LocaleSchema, ThemeSchema } from '../src/protocol/primitives.schema.js';
import './sov-widget.js';
import type { SovWidget } from './sov-widget.js';
import { createWidgetApi } from './widget-api.js';

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: Error) => error,
  );

describe('WidgetApi (what the host may call)', () => {
  const root = document.documentElement;
  const saved = { lang: root.lang, dir: root.dir };
  afterEach(() => Object.assign(root, saved));

  it('setLocale switches the widget and its document to the locale and direction', async () => {
    const widget = await fixture<SovWidget>(html`<sov-widget></sov-widget>`);
    await createWidgetApi(widget).setLocale('ar');
    expect(widget.locale).to.equal('ar');
    expect(widget.dir).to.equal('rtl');
    expect([root.lang, root.dir]).to.deep.equal(['ar', 'rtl']);
  });

  it('refuses every locale the protocol schema refuses, and extra arguments', async () => {
    const widget = await fixture<SovWidget>(html`<sov-widget locale="de"></sov-widget>`);
    const api = createWidgetApi(widget);
    for (const bad of ['Deutsch', 'de_DE', '', 42, null, { toString: () => 'en' }]) {
      expect(LocaleSchema.safeParse(bad).success, String(bad)).to.equal(false);
      expect((await rejection(api.setLocale(bad as string)))?.message, String(bad)).to.contain('setLocale');
    }
    expect((await rejection((api.setLocale as (...a: unknown[]) => Promise<void>)('en', 'extra')))?.message).to.contain('setLocale');
    expect(widget.locale).to.equal('de');
  });

  it('setTheme sets the custom properties and refuses a theme the schema refuses, changing nothing', async () => {
    const widget = await fixture<SovWidget>(html`<sov-widget></sov-widget>`);
    const api = createWidgetApi(widget);
    await api.setTheme({ colorPrimary: '#6d28d9', radius: '2px' });
    expect(widget.style.getPropertyValue('--sov-color-primary')).to.equal('#6d28d9');
    expect(widget.style.getPropertyValue('--sov-radius')).to.equal('2px');
    for (const bad of [{ colorPrimary: 'red; color: blue' }, { radius: 'url(x)' }, { shadow: '1px' }, 'dark']) {
      expect(ThemeSchema.safeParse(bad).success).to.equal(false);
      expect((await rejection(api.setTheme(bad as never)))?.message).to.contain('setTheme');
    }
    expect(widget.style.getPropertyValue('--sov-color-primary')).to.equal('#6d28d9');
  });

  it('cannot be rewired: the exposed object is frozen', () => {
    const api = createWidgetApi(document.createElement('sov-widget'));
    expect(Object.isFrozen(api)).to.equal(true);
  });
});
