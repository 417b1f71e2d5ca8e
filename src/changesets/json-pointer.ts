/**
 * RFC 6901 JSON Pointers: the one way paths into documents are named (ajv reports them too, and
 * table keys such as `public.users` hold dots, so dotted paths would be ambiguous).
 */

export function escapePointerSegment(segment: string): string {
  // Most segments (names, indexes) need no escaping: skip the two scans that build a new string.
  if (!segment.includes('~') && !segment.includes('/')) return segment;
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

export function unescapePointerSegment(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

export function pointerOf(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${escapePointerSegment(String(s))}`).join('');
}

export function childPointer(parent: string, segment: string | number): string {
  return `${parent}/${escapePointerSegment(String(segment))}`;
}

export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointerSegment);
}

/** The pointer one level up; the root ('') is its own parent. */
export function parentPointer(pointer: string): string {
  return pointer.slice(0, Math.max(0, pointer.lastIndexOf('/')));
}

/** A readable path for messages: `source.publications["my.pub"].tables`. */
export function displayPath(pointer: string): string {
  let out = '';
  for (const segment of pointerSegments(pointer)) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else if (/^[0-9]+$/.test(segment)) out += `[${segment}]`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '(the document)' : out;
}
