import { html, type TemplateResult } from 'lit';
import type { CardMessages as Messages } from './i18n/index.js';

/**
 * The states every view shares, as templates so each element renders them in
 * its own shadow root (and its own ::part names).
 */

/** Placeholder of roughly the final shape while data loads; announced once as busy. */
export function skeleton(t: Messages): TemplateResult {
  return html`<div part="skeleton" class="skeleton-wrap" role="status" aria-busy="true">
    <span class="visually-hidden">${t.loading}</span>
    <div class="skeleton sk-image"></div>
    <div class="skeleton sk-title"></div>
    <div class="skeleton sk-line"></div>
    <div class="skeleton sk-button"></div>
  </div>`;
}

/** A failure the visitor can do something about: a message and one button. Announced via role=alert. */
export function errorState(title: string, message: string, action: string, onAction: () => void): TemplateResult {
  return html`<div part="error" class="notice error" role="alert">
    <h2 tabindex="-1">${title}</h2>
    <p>${message}</p>
    <button part="retry-button" class="primary" type="button" @click=${onAction}>${action}</button>
  </div>`;
}
