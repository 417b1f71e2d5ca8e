/** Thousands separated (`10,000`), the same on every machine; one formatter, as Intl is slow to build. */
const FORMAT = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return FORMAT.format(n);
}
