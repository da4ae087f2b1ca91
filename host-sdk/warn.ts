const warned = new Set<string>();

/** One console warning per distinct misuse, so a loop of bad calls cannot flood the console. */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`SovEmbed: ${message}`);
}
