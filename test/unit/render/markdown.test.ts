import { describe, expect, it } from 'vitest';
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from '../../../src/render/markdown.js';
import { awkwardNamesPlan, largePlan, manualStep, plan, runbookPlan, sqlStep } from './builders.js';

function count(text: string, needle: string | RegExp): number {
  return typeof needle === 'string' ? text.split(needle).length - 1 : (text.match(needle) ?? []).length;
}

/** Every fence opened is closed, every <details> too: the comment's structure is whole. */
function expectBalanced(markdown: string): void {
  const fences = markdown.split('\n').filter((line) => /^`{3,}/.test(line));
  expect(fences.length % 2).toBe(0);
  expect(count(markdown, '<details>')).toBe(count(markdown, '</details>'));
}

describe('renderMarkdown', () => {
  it('matches the golden rendering of the runbook plan', async () => {
    await expect(renderMarkdown(runbookPlan())).toMatchFileSnapshot('./golden/runbook.md.golden');
  });

  it('has a heading, the Plan line and a summary table by endpoint and action', () => {
    const md = renderMarkdown(runbookPlan());
    expect(md.startsWith('## replctl plan: `local` → changeset version 3\n\n')).toBe(true);
    expect(md).toContain(
      '**Plan:** 16 steps (6 to add, 2 to change, 2 to destroy, 2 restarts, 3 waits, 1 manual step) on source, target-admin, target, rds, host.',
    );
    expect(md).toContain(
      [
        '| Endpoint | Steps | `+` add | `~` change | `-` destroy | restart | wait | manual | destructive |',
        '| :-- | --: | --: | --: | --: | --: | --: | --: | --: |',
        '| `source` | 7 | 2 | 1 | 2 | 0 | 1 | 1 | 2 |',
        '| `target-admin` | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 |',
        '| `target` | 3 | 2 | 0 | 0 | 0 | 1 | 0 | 0 |',
      ].join('\n'),
    );
    expect(md).toContain('| **Total** | 16 | 6 | 2 | 2 | 2 | 3 | 1 | 2 |');
  });

  it('calls out destructive steps in a warning block', () => {
    const md = renderMarkdown(runbookPlan());
    expect(md).toContain(
      [
        '> [!WARNING]',
        '> **2 destructive steps.** `replctl apply` runs them only with `--allow-destructive`.',
        '>',
        '> - step 15 on `source`: Revoke SELECT on public.legacy from replicator (`source.grant.replicator.revoke-select`)',
        '> - step 16 on `source`: Drop publication old\\_pub (`source.publication.old_pub.drop`)',
      ].join('\n'),
    );
    expect(md).toContain('**16.** `-` Drop publication old\\_pub · ⚠️ **destructive**');
  });

  it('lists at most 20 destructive steps by name', () => {
    const md = renderMarkdown(largePlan(300));
    expect(md).toContain('> **30 destructive steps.**');
    expect(count(md, /^> - step /gm)).toBe(20);
    expect(md).toContain('> - and 10 more');
  });

  it('puts SQL in sql fences and AWS input in json fences', () => {
    const md = renderMarkdown(runbookPlan());
    expect(md).toContain('```sql\nDROP PUBLICATION "old_pub"\n```');
    expect(md).toContain(
      '`RebootDBInstance`\n\n```json\n{\n  "DBInstanceIdentifier": "reporting-replica"\n}\n```',
    );
    expect(md).toContain('**5.** `~` Set wal\\_level = logical · outside a transaction');
    expectBalanced(md);
  });

  it('groups steps into runs per endpoint in execution order', () => {
    const headings = renderMarkdown(runbookPlan())
      .split('\n')
      .filter((line) => line.startsWith('#### '));
    expect(headings).toEqual([
      '#### `rds` · steps 1–4',
      '#### `source` · step 5',
      '#### `host` · step 6',
      '#### `source` · steps 7–10',
      '#### `target-admin` · step 11',
      '#### `target` · steps 12–14',
      '#### `source` · steps 15–16',
    ]);
  });

  it('collapses tall code and long runs in <details>', () => {
    const tall = sqlStep({
      id: 'tall',
      endpoint: 'target',
      action: '+',
      summary: 'Create a wide table',
      sql: [`CREATE TABLE "w" (\n${Array.from({ length: 30 }, (_, i) => `  "c${i}" int`).join(',\n')}\n)`],
    });
    const md = renderMarkdown(plan([tall]));
    expect(md).toContain('<details><summary>SQL (32 lines)</summary>\n\n```sql\nCREATE TABLE "w" (');
    expectBalanced(md);
    const long = renderMarkdown(plan(largePlan(12).steps));
    expect(long).toContain('<details><summary>12 steps on source (steps 1–12)</summary>');
    expectBalanced(long);
  });

  it('shows manual instructions in a text fence and describes waits', () => {
    const md = renderMarkdown(runbookPlan());
    expect(md).toContain(
      '```text\nAdd to pg_hba.conf on the source, then reload:\nhost app replicator 10.0.0.0/8 scram-sha-256\n```',
    );
    expect(md).toContain(
      'Waits until every table of subscription my\\_subscription is ready (pg\\_subscription\\_rel state r).',
    );
  });

  it('adds extra sections after the summary and before the steps', () => {
    const md = renderMarkdown(runbookPlan(), {
      sections: [
        {
          title: 'Lint findings',
          body: '- **warning** `replica-identity`: public.orders has no primary key',
        },
        { title: 'Desired state <diff>', body: '```diff\n+ public.invoices\n```' },
      ],
    });
    const lint = md.indexOf('### Lint findings\n\n- **warning** `replica-identity`');
    const diff = md.indexOf('### Desired state \\<diff\\>\n\n```diff\n+ public.invoices\n```');
    expect(lint).toBeGreaterThan(md.indexOf('> [!WARNING]'));
    expect(diff).toBeGreaterThan(lint);
    expect(md.indexOf('### Steps')).toBeGreaterThan(diff);
  });

  it('says plainly that an empty plan changes nothing', () => {
    expect(renderMarkdown(plan([]))).toBe(
      '## replctl plan: `local` → changeset version 3\n\n**No changes. Live state matches version 3.**\n\n<sub>replctl 0.1.0 · made 2026-11-27T12:00:00.000Z · live state `f1e2d3c4b5a6`</sub>\n',
    );
  });

  it('escapes names outside code and keeps code fences unbreakable', () => {
    const md = renderMarkdown(awkwardNamesPlan());
    expect(md.startsWith('## replctl plan: `prod|eu <main>` → changeset version 3')).toBe(true);
    expect(md).toContain(
      '**1.** `+` Create publication "My Pub\\|\\*x\\*" for "my.schema"."Order ""x""" \\<b\\>@\u200bops #\u200b12 \\`tick\\`',
    );
    expect(md).toContain(
      '<sub>`source.publication.My Pub|*x*.create` for `source.publications.My Pub|*x*`</sub>',
    );
    // The statement holds ``` so its fence is longer.
    expect(md).toContain(
      '````sql\nCREATE PUBLICATION "My Pub|*x*" FOR TABLE "my.schema"."Order ""x""" -- ``` not a fence end\n````',
    );
    expect(md).toContain('Waits until every table of subscription "My Sub" is ready');
    expect(md).toContain('Alter table "x\\\\x1b\\[2Jy"\\\\nsecond line \\\\u202eevil');
    expect(md).not.toContain('\u001b');
    expect(md).not.toContain('\u202e');
  });

  it('fits a 10,000-step plan in one GitHub comment and says what it left out', () => {
    const md = renderMarkdown(largePlan(10_000));
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const shown = count(md, /^\*\*[\d,]+\.\*\* /gm);
    expect(shown).toBeGreaterThan(50);
    expect(shown).toBeLessThan(10_000);
    const omitted = (10_000 - shown).toLocaleString('en-US');
    expect(md).toContain(
      `> **${omitted} of 10,000 steps are omitted here** (steps ${(shown + 1).toLocaleString('en-US')}–10,000) to stay under GitHub's 65,536-character comment limit. Run \`replctl plan --format text\` to see the full plan.`,
    );
    expect(md).toContain(
      `_Showing ${shown.toLocaleString('en-US')} of 10,000 steps: see the note at the end._`,
    );
    // Whole steps only: the last one shown is complete, and the summary still counts everything.
    expect(md).toContain(`**${shown.toLocaleString('en-US')}.** `);
    expect(md).toContain('**Plan:** 10,000 steps');
    expectBalanced(md);
  });

  it('uses the room it has: one more step would not fit', () => {
    const limit = 20_000;
    const md = renderMarkdown(largePlan(200), { maxLength: limit });
    expect(md.length).toBeLessThanOrEqual(limit);
    const shown = count(md, /^\*\*[\d,]+\.\*\* /gm);
    const stepLength = md.indexOf('**2.**') - md.indexOf('**1.**');
    expect(limit - md.length).toBeLessThan(stepLength + 200);
    expect(md).toContain(`to stay under the 20,000-character limit`);
    expect(shown).toBeLessThan(200);
  });

  it('shortens one huge statement instead of dropping it', () => {
    const tables = Array.from({ length: 10_000 }, (_, i) => `"public"."t${i}"`).join(', ');
    const md = renderMarkdown(
      plan([
        sqlStep({
          id: 'grant',
          endpoint: 'source',
          action: '+',
          summary: 'Grant SELECT on 10,000 tables',
          sql: [`GRANT SELECT ON ${tables} TO "replicator"`],
        }),
        manualStep({ id: 'm', endpoint: 'source', action: 'manual', summary: 'Check', instruction: 'Look.' }),
      ]),
    );
    expect(md.length).toBeLessThan(10_000);
    expect(md).toMatch(
      /_Shortened: the first 6,000 of [\d,]+ characters are shown\. Run `replctl plan --format text` to see all of it\._/,
    );
    expect(md).toContain('**2.** `manual` Check');
    expectBalanced(md);
  });

  it('omits a section that would crowd out the plan, and says so', () => {
    const md = renderMarkdown(runbookPlan(), { sections: [{ title: 'Diff', body: 'x'.repeat(50_000) }] });
    expect(md).toContain('### Diff\n\n_Omitted: 50,000 characters would not fit in this comment._');
    expect(md).toContain('**16.**');
  });

  it('is stable: the same plan gives the same bytes', () => {
    expect(renderMarkdown(largePlan(3_000))).toBe(renderMarkdown(largePlan(3_000)));
  });
});
