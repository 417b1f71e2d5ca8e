/**
 * PostgreSQL WAL positions (`pg_lsn`, written `16/B374D848`) as bigints, to compare and subtract
 * positions read from different servers' catalogs without another round trip.
 */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  if (match === null)
    throw new Error(`Expected a WAL position such as 16/B374D848, but got: ${JSON.stringify(text)}`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** Bytes from `from` to `to` (negative when `to` is behind). */
export function lsnDiff(to: string, from: string): number {
  return Number(parseLsn(to) - parseLsn(from));
}

/** Whether `lsn` is at or past `target`. */
export function lsnReached(lsn: string | null, target: string): boolean {
  return lsn !== null && parseLsn(lsn) >= parseLsn(target);
}
