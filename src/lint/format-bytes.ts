const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'];

/** `1536` → `1.5 kB`: sizes in findings and status, powers of 1024 as PostgreSQL prints them. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${UNITS[unit]}`;
}
