import { isIP } from 'node:net';

/** The bytes of an IPv4 (4) or IPv6 (16) address in text form, or undefined for anything else. */
export function ipBytes(text: string): number[] | undefined {
  const version = isIP(text);
  if (version === 4) return text.split('.').map(Number);
  if (version !== 6) return undefined;
  // Drop a zone (fe80::1%eth0) and expand an embedded IPv4 tail (::ffff:10.0.0.1).
  let address = text.replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    address = `${address.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = address.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return all.flatMap((g) => {
    const n = Number.parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

/** Whether `address` is in the network of `network` and `netmask` (same family only). */
export function inNetwork(address: string, network: string, netmask: string): boolean | undefined {
  const a = ipBytes(address);
  const n = ipBytes(network);
  const m = ipBytes(netmask);
  if (a === undefined || n === undefined || m === undefined) return undefined;
  if (a.length !== n.length || n.length !== m.length) return false;
  return a.every((byte, i) => (byte & m[i]!) === (n[i]! & m[i]!));
}

/** 127.0.0.0/8 and ::1: the machine itself. */
export function isLoopback(address: string): boolean {
  const bytes = ipBytes(address);
  if (bytes === undefined) return false;
  if (bytes.length === 4) return bytes[0] === 127;
  return bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1;
}
