const MAX_TOKENS = 100_000;

/**
 * Landing tokens whose conversion the upstream accepted. The guide's last step
 * is to clean a token up after successful use; the forwarder runs without a
 * browser request, so the BFF remembers the token and clears the visitor's
 * cookie on the next request that carries it. Kept in memory and bounded: after
 * a restart a spent cookie may be used once more, which the upstream answers itself.
 */
export class SpentTokens {
  readonly #tokens = new Set<string>();

  add(landingToken: string): void {
    if (this.#tokens.size >= MAX_TOKENS) this.#tokens.delete(this.#tokens.values().next().value as string);
    this.#tokens.add(landingToken);
  }

  has(landingToken: string): boolean {
    return this.#tokens.has(landingToken);
  }
}
