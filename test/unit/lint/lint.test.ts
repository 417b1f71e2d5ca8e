import { describe, expect, it } from 'vitest';
import { blockingFindings, LINT_RULES, lint, UNKNOWN_WAIVER_RULE } from '../../../src/lint/index.js';
import { renderFindingsMarkdown } from '../../../src/lint/render-findings-markdown.js';
import { renderFindingsText } from '../../../src/lint/render-findings-text.js';
import type { DesiredState } from '../../../src/model/desired-state.js';
import { column, table } from '../planner/builders.js';
import { CONNECTION, cleanDesired, cleanLive, withSource } from './states.js';

/** The runbook publishing the sample's audit_log (no primary key) too. */
function withAuditLog(waive?: Record<string, Record<string, string>>): {
  desired: DesiredState;
  live: ReturnType<typeof cleanLive>;
} {
  const base = cleanDesired();
  const live = cleanLive();
  const desired: DesiredState = {
    ...base,
    source: {
      ...base.source,
      grants: {
        replicator: {
          ...base.source!.grants!.replicator!,
          select: { ...base.source!.grants!.replicator!.select, 'public.audit_log': {} },
        },
      },
      publications: {
        my_publication: {
          ...base.source!.publications!.my_publication!,
          tables: { ...base.source!.publications!.my_publication!.tables, 'public.audit_log': {} },
        },
      },
    },
    target: { ...base.target, tables: { ...base.target!.tables, 'public.audit_log': { from: 'source' } } },
    ...(waive ? { lint: { waive } } : {}),
  };
  return {
    desired,
    live: withSource(live, {
      tables: {
        ...live.source.tables,
        'public.audit_log': table([column('at', 'timestamptz'), column('message', 'text')]),
      },
    }),
  };
}

describe('lint', () => {
  it('finds nothing in the converged runbook', () => {
    expect(lint(cleanDesired(), cleanLive(), { connection: CONNECTION })).toEqual([]);
  });

  it('has unique kebab-case rule ids, each with a summary', () => {
    const ids = LINT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of LINT_RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.summary.length).toBeGreaterThan(10);
    }
    expect(ids).not.toContain(UNKNOWN_WAIVER_RULE);
  });

  it('reports a finding with rule id, severity, object, message and fix; errors block', () => {
    const { desired, live } = withAuditLog();
    const findings = lint(desired, live, { connection: CONNECTION });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'replica-identity-missing',
        severity: 'error',
        object: 'public.audit_log',
      }),
    ]);
    expect(findings[0]!.message).toMatch(/UPDATE and DELETE/);
    expect(findings[0]!.fix).toMatch(/PRIMARY KEY/);
    expect(findings[0]).not.toHaveProperty('waived');
    expect(blockingFindings(findings)).toHaveLength(1);
  });

  it('waives a finding for the object the changeset names, with its reason; it no longer blocks', () => {
    const { desired, live } = withAuditLog({
      'replica-identity-missing': { 'public."audit_log"': 'insert-only table' },
    });
    const findings = lint(desired, live, { connection: CONNECTION });
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'replica-identity-missing', waived: 'insert-only table' }),
    ]);
    expect(blockingFindings(findings)).toEqual([]);
  });

  it('waives every object of a rule with *, and nothing for another rule or object', () => {
    const everything = withAuditLog({ 'replica-identity-missing': { '*': 'all fine' } });
    expect(lint(everything.desired, everything.live, {})[0]?.waived).toBe('all fine');
    const other = withAuditLog({
      'replica-identity-missing': { 'public.users': 'x' },
      'pg-hba-no-match': { 'public.audit_log': 'y' },
    });
    expect(blockingFindings(lint(other.desired, other.live, {}))).toHaveLength(1);
  });

  it('warns about a waiver naming no rule', () => {
    const { desired, live } = withAuditLog({ 'replica-identity-mising': { 'public.audit_log': 'typo' } });
    const findings = lint(desired, live, {});
    expect(findings.map((f) => [f.ruleId, f.severity, f.object])).toEqual([
      ['replica-identity-missing', 'error', 'public.audit_log'],
      [UNKNOWN_WAIVER_RULE, 'warning', 'replica-identity-mising'],
    ]);
  });

  it('renders findings as text and Markdown, waived ones marked, names escaped', () => {
    const { desired, live } = withAuditLog();
    const findings = [
      ...lint(desired, live, {}),
      {
        ruleId: 'x-rule',
        severity: 'info' as const,
        object: 'a|b*c',
        message: 'm <b>',
        fix: 'f',
        waived: 'ok',
      },
    ];
    const text = renderFindingsText(findings, { width: 60 });
    expect(text).toMatch(/^Lint: 1 error, no warnings, 1 info \(1 waived\)\./);
    expect(text).toContain('error   replica-identity-missing  public.audit_log');
    expect(text).toContain('info (waived) x-rule  a|b*c');
    expect(text).toContain('waived: ok');
    expect(text.split('\n').filter((l) => l.length > 60 && l.trim().includes(' '))).toEqual([]);
    expect(text).toMatch(/Errors block `replctl apply`/);
    const markdown = renderFindingsMarkdown(findings);
    expect(markdown).toContain('🛑 **error** `replica-identity-missing` on `public.audit_log`');
    expect(markdown).toContain('~~info~~ waived `x-rule` on `a|b*c`: m \\<b\\>');
    expect(markdown).toContain('**Waived:** ok');
  });

  it('says there is nothing to report', () => {
    expect(renderFindingsText([])).toBe('Lint: no errors, no warnings, no infos.\n');
    expect(renderFindingsMarkdown([])).toBe('**no errors, no warnings, no infos.**');
  });
});
