import type { InitOptions } from './types.js';

/**
 * Options from the script tag's data attributes:
 * `data-bff`, `data-token-param`, `data-strip-param="false"`, `data-consent="pending"`,
 * `data-handshake-timeout` (ms). They are checked by init like any other options.
 */
export function scriptOptions(script: HTMLOrSVGScriptElement | null): InitOptions {
  const { bff, tokenParam, stripParam, consent, handshakeTimeout } = (script as HTMLScriptElement | null)?.dataset ?? {};
  return {
    bff,
    tokenParam,
    stripParam: stripParam ? stripParam !== 'false' : undefined,
    consent: consent as InitOptions['consent'],
    handshakeTimeout: handshakeTimeout ? Number(handshakeTimeout) : undefined,
  };
}
