import { describe, expect, it } from 'vitest';
import {
  codeFence,
  details,
  escapeHtml,
  escapeMarkdown,
  inlineCode,
} from '../../../src/render/markdown-syntax.js';

describe('escapeMarkdown', () => {
  it.each([
    ['my_table', 'my\\_table'],
    ['*bold* and `code`', '\\*bold\\* and \\`code\\`'],
    ['[link](http://x)', '\\[link\\](http://x)'],
    ['a|b', 'a\\|b'],
    ['<img src=x>', '\\<img src=x\\>'],
    ['&amp;', '\\&amp;'],
    ['~~gone~~', '\\~\\~gone\\~\\~'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines', 'two\\\\nlines'],
  ])('%j -> %j', (input, output) => expect(escapeMarkdown(input)).toBe(output));

  it('keeps GitHub from mentioning users or linking issues', () => {
    expect(escapeMarkdown('ping @ops about #12')).toBe('ping @\u200bops about #\u200b12');
    expect(escapeMarkdown('a @ b # c')).toBe('a @ b # c');
  });
});

describe('inlineCode', () => {
  it.each([
    ['plain', '`plain`'],
    ['has ` one', '``has ` one``'],
    ['``double``', '``` ``double`` ```'],
    ['`starts', '`` `starts ``'],
    [' spaced ', '`  spaced  `'],
  ])('%j -> %j', (input, output) => expect(inlineCode(input)).toBe(output));
});

describe('codeFence', () => {
  it('uses three backticks unless the code holds a run that long', () => {
    expect(codeFence('SELECT 1', 'sql')).toBe('```sql\nSELECT 1\n```');
    expect(codeFence('x ``` y\n`````', 'sql')).toBe('``````sql\nx ``` y\n`````\n``````');
  });
});

describe('details and escapeHtml', () => {
  it('escapes the summary as HTML and leaves blank lines around the body', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    expect(details('SQL <3 lines>', 'body')).toBe(
      '<details><summary>SQL &#60;3 lines&#62;</summary>\n\nbody\n\n</details>',
    );
  });
});
