import { safeLine } from './terminal-text.js';

/**
 * Building blocks for Markdown that stays Markdown whatever the names in it: a table called
 * `*x*|y` or `<details>` must print as itself, not as formatting, a table cell break or HTML.
 */

/**
 * Text outside code, never at the start of a line: one line, with the characters that start emphasis,
 * code, links, HTML, entities, strikethrough and table cells backslash-escaped (parentheses and `!`
 * only act next to an escaped bracket), and a zero-width space after `@` and `#` where GitHub would
 * otherwise mention a user or link an issue (`@ops`, `#12`).
 */
export function escapeMarkdown(text: string): string {
  return safeLine(text)
    .replace(/[\\`*_[\]<>|~&]/g, '\\$&')
    .replace(/([@#])(?=[\p{L}\p{N}_-])/gu, '$1\u200b');
}

/** HTML text, for `<summary>` where Markdown is not rendered. */
export function escapeHtml(text: string): string {
  return safeLine(text).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function longestRun(text: string, ch: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === ch ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

/** A code span that survives backticks in its content (CommonMark: a longer delimiter, padded). */
export function inlineCode(text: string): string {
  const content = safeLine(text);
  const ticks = '`'.repeat(longestRun(content, '`') + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || content.startsWith(' ') ? ' ' : '';
  return `${ticks}${pad}${content}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run inside, so content cannot close it. */
export function codeFence(code: string, language: string): string {
  const fence = '`'.repeat(Math.max(3, longestRun(code, '`') + 1));
  return `${fence}${language}\n${code}\n${fence}`;
}

/** A collapsed section; the blank lines let GitHub render the Markdown inside. */
export function details(summary: string, body: string): string {
  return `<details><summary>${escapeHtml(summary)}</summary>\n\n${body}\n\n</details>`;
}
