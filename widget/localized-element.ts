import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { catalogueLoad, direction } from './i18n/index.js';

/**
 * A widget element with a `locale`: its language and direction follow it, and
 * it does not render until that locale's catalogue (a chunk of its own, see
 * i18n/index.ts) is loaded, so it never shows English for a moment and then
 * switches; `updateComplete` waits for that render too.
 */
export class LocalizedElement extends LitElement {
  @property() locale = 'en';
  private catalogue?: Promise<void>;

  /** The locale this update will render (SovWidget takes it from a new config). */
  protected nextLocale(_changed: PropertyValues<this>): string {
    return this.locale;
  }

  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    const pending = catalogueLoad(this.nextLocale(changed));
    if (!pending) {
      this.catalogue = undefined;
      return true;
    }
    // Ask again for the same changes once the texts are here (Lit forgets them when an update is skipped).
    const again = new Map(changed);
    this.catalogue = pending.then(() => {
      for (const [key, old] of again) this.requestUpdate(key as keyof this & string, old);
      if (!again.size) this.requestUpdate();
    });
    return false;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    this.lang = this.locale;
    this.dir = direction(this.locale);
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.catalogue) {
      await this.catalogue;
      done = await super.getUpdateComplete();
    }
    return done;
  }
}
