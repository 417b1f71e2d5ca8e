/**
 * Desired-state paths (step reasons) and step ids are dotted keys. A key that is not plain (a table
 * `public.users`, a name with spaces or quotes) is double-quoted with embedded quotes doubled, so
 * `source.publications.my_publication.tables."public.users"` stays unambiguous.
 */
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

export function pathKey(key: string): string {
  if (PLAIN_KEY.test(key)) return key;
  // replaceAll copies even when there is nothing to replace: table keys hold a dot, rarely a quote.
  return `"${key.includes('"') ? key.replaceAll('"', '""') : key}"`;
}

export function formatPath(...keys: readonly string[]): string {
  // Concatenated in place: a step reason per table, 10,000 of them in a large setup.
  let path = '';
  for (let i = 0; i < keys.length; i++) path += i === 0 ? pathKey(keys[i]!) : `.${pathKey(keys[i]!)}`;
  return path;
}
