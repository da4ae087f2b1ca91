/** A distinct, valid production landing token per number (5-4-3-5 letters and digits), up to 99 999. */
export function landingToken(i: number): string {
  const s = String(i).padStart(5, '0');
  return `${s}-a${s.slice(2)}-b${s.slice(3)}-${s}`;
}
