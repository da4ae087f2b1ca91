import type { createSdkCore } from './sdk.js';

/** The script tag's part: a classic script that hands the SDK's maker to the element that loaded it. */
export type SdkPart = typeof createSdkCore;

/** Where the part is and the hash it must have: built into the core (vite.config.ts), so the tag's one `integrity` covers it. */
export interface PartSource {
  /** Beside the core, e.g. `sov-embed-part-<hash>.js`. */
  file: string;
  /** `sha384-<base64>` of its bytes. */
  integrity: string;
}

/** The element the part runs in; the part calls `sovPart` on it (sdk-part.ts). */
export type PartScript = HTMLScriptElement & { sovPart?: (part: SdkPart) => void };

/** Why `loadPart` rejects when the page's Trusted Types allow no `sov-embed` policy (any other reason: it did not load or run). */
export const REFUSED_BY_TRUSTED_TYPES = 'trusted-types';

/** The name of the Trusted Types policy the core makes the part's URL with; a page that enforces Trusted Types allows it. */
export const TRUSTED_TYPES_POLICY = 'sov-embed';

interface TrustedTypes {
  createPolicy(name: string, rules: { createScriptURL(input: string): string }): { createScriptURL(input: string): string };
}

/**
 * Load the part with `<script src integrity crossorigin>`, which every engine checks against the hash before it
 * runs (WebKit does not check a `modulepreload`'s): tampered bytes never run, and the promise rejects. On a page
 * that enforces Trusted Types, `src` takes a TrustedScriptURL from the `sov-embed` policy, which can make only this
 * one URL; a page that allows no such policy makes `createPolicy` throw, and the promise rejects with
 * REFUSED_BY_TRUSTED_TYPES.
 */
export function loadPart({ file, integrity }: PartSource, core: HTMLScriptElement): Promise<SdkPart> {
  return new Promise((resolve, reject) => {
    const url = new URL(file, core.src).href;
    const tt = (window as { trustedTypes?: TrustedTypes }).trustedTypes;
    const script = document.createElement('script') as PartScript;
    try {
      script.src = tt ? tt.createPolicy(TRUSTED_TYPES_POLICY, { createScriptURL: () => url }).createScriptURL(url) : url;
    } catch {
      return reject(REFUSED_BY_TRUSTED_TYPES);
    }
    script.integrity = integrity;
    script.crossOrigin = 'anonymous';
    // A page whose CSP allows scripts by nonce lets the part run as it let the core.
    script.nonce = core.nonce;
    script.sovPart = resolve;
    // After the part has run: a load without the hand-over is a file that is not the part.
    script.onload = script.onerror = reject;
    document.head.append(script);
  });
}
