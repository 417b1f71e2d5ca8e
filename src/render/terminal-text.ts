/**
 * Names come from changesets and catalogs, so a table called `x\x1b[2J` must not clear the reviewer's
 * terminal, and a bidi override must not make SQL read differently from what runs ("Trojan Source").
 * Control and bidi characters are shown as escapes; line breaks are kept only where the text is
 * allowed to span lines.
 */

// C0 controls (but tab and line feed), DEL, C1 controls, and the bidi embedding/override/isolate marks.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's job.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above, line breaks included.
const UNSAFE_OR_BREAK = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === '\n') return '\\n';
  if (ch === '\t') return '\\t';
  if (ch === '\r') return '\\r';
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** For one-line fields (summaries, ids, reasons): every control character escaped, newlines too. */
export function safeLine(text: string): string {
  return text.replace(UNSAFE_OR_BREAK, escapeChar);
}

/** For multi-line text (SQL, instructions): line feeds and tabs kept, other controls escaped. */
export function safeBlock(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}
