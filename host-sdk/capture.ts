/**
 * Read the landing parameters from the address bar, synchronously and cheaply
 * (one URL), so it runs before anything else on the page; with `strip`, remove
 * them, keeping every other parameter and the hash, without a reload.
 * `read`: the address as the script tag's core found it before it stripped it (sdk-stub.ts); nothing more to strip.
 */
export function readLandingParams(names: string[], strip: boolean, read?: string): (string | null)[] {
  const url = new URL(read ?? location.href);
  const values = names.map((name) => url.searchParams.get(name));
  if (strip && !read && values.some((value) => value !== null)) {
    for (const name of names) url.searchParams.delete(name);
    try {
      history.replaceState(history.state, '', url.href);
    } catch {
      // A sandboxed or opaque document may refuse replaceState; the landing is captured anyway.
    }
  }
  return values;
}
