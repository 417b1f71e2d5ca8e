import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../../src/render/text.js';
import { awkwardNamesPlan, awsStep, plan, runbookPlan, sqlStep } from './builders.js';
import { tagColors } from './tag-colors.js';

const ESC = '\u001b';
/** Removes picocolors' SGR sequences (`ESC [ n m`). */
const stripAnsi = (text: string) =>
  text
    .split(`${ESC}[`)
    .map((part, i) => (i === 0 ? part : part.replace(/^\d+m/, '')))
    .join('');

describe('renderText', () => {
  it('matches the golden rendering of the runbook plan, without colour', async () => {
    await expect(renderText(runbookPlan())).toMatchFileSnapshot('./golden/runbook.txt');
  });

  it('matches the golden rendering with colours shown as tags', async () => {
    await expect(renderText(runbookPlan(), { colors: tagColors })).toMatchFileSnapshot(
      './golden/runbook.colors.txt',
    );
  });

  it('writes ANSI codes only when colours are on', () => {
    const off = renderText(runbookPlan(), { colors: pc.createColors(false) });
    const on = renderText(runbookPlan(), { colors: pc.createColors(true) });
    expect(off).not.toContain(ESC);
    expect(on).toContain(`${ESC}[31m`);
    // Same words either way: colour is decoration only.
    expect(stripAnsi(on)).toBe(off);
  });

  it('marks destructive steps in red and bold', () => {
    const text = renderText(runbookPlan(), { colors: tagColors });
    expect(text).toContain('  <red><bold>- (destructive)</bold></red> Drop publication old_pub');
    expect(text).toContain('<red>2 destructive steps: apply needs --allow-destructive.</red>');
  });

  it('shows a header with environment, target version and tool version', () => {
    const lines = renderText(runbookPlan()).split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'Environment: local',
      'Target:      changeset version 3',
      'Made by:     replctl 0.1.0 at 2026-11-27T12:00:00.000Z',
    ]);
  });

  it('ends with the Plan line counting every action and naming the endpoints', () => {
    const lines = renderText(runbookPlan()).trimEnd().split('\n');
    expect(lines.at(-2)).toBe(
      'Plan: 16 steps (6 to add, 2 to change, 2 to destroy, 2 restarts, 3 waits, 1 manual step) on source, target-admin, target, rds, host.',
    );
  });

  it('keeps execution order: an endpoint that comes back starts a new group', () => {
    const groups = renderText(runbookPlan())
      .split('\n')
      .filter((line) => /^[a-z-]+:$/.test(line));
    expect(groups).toEqual(['rds:', 'source:', 'host:', 'source:', 'target-admin:', 'target:', 'source:']);
  });

  it('numbers steps in execution order with their ids and reasons', () => {
    const text = renderText(runbookPlan());
    expect(text).toContain(
      '  # 8. source.role.replicator.create (for source.roles.replicator)\n  + Create role replicator\n',
    );
    expect(text).toContain(
      '  # 2. rds.parameter-group.logical-replication-pg.parameters (for target.parameterGroup.parameters.rds.logical_replication, target.parameterGroup.parameters.max_logical_replication_workers, target.parameterGroup.parameters.max_worker_processes)',
    );
  });

  it('says how many reasons it does not list', () => {
    const reasons = Array.from({ length: 5 }, (_, i) => `source.publications.p.tables.public.t${i}`);
    const text = renderText(
      plan([sqlStep({ id: 's', endpoint: 'source', action: '~', summary: 'x', reasons, sql: ['SELECT 1'] })]),
    );
    expect(text).toContain(
      '(for source.publications.p.tables.public.t0, source.publications.p.tables.public.t1, source.publications.p.tables.public.t2 and 2 more)',
    );
  });

  it('marks SQL that runs outside a transaction, and only SQL', () => {
    const text = renderText(runbookPlan());
    expect(text).toContain('  ~ Set wal_level = logical (outside a transaction)\n');
    expect(text).toContain('  + Create database app (outside a transaction)\n');
    expect(text).toContain('  + Create table public.users\n');
    expect(text).toContain('  restart Reboot reporting-replica to apply logical-replication-pg\n');
  });

  it('indents multi-line SQL under its step', () => {
    expect(renderText(runbookPlan())).toContain(
      '      CREATE TABLE "public"."users" (\n        "id" bigint NOT NULL,\n        "email" text\n      )\n',
    );
  });

  it('shows AWS calls as the operation and its input with sorted keys', () => {
    expect(renderText(runbookPlan())).toContain(
      [
        '      ModifyDBParameterGroup',
        '        DBParameterGroupName: logical-replication-pg',
        '        Parameters:',
        '          - ApplyMethod: pending-reboot',
        '            ParameterName: rds.logical_replication',
        '            ParameterValue: "1"',
      ].join('\n'),
    );
  });

  it('renders the same AWS input the same way whatever its key order', () => {
    const call = (input: Record<string, unknown>) =>
      renderText(
        plan([awsStep({ id: 'a', endpoint: 'rds', action: '~', summary: 's', operation: 'Op', input })]),
      );
    expect(call({ B: 1, A: { d: 2, c: 3 } })).toBe(call({ A: { c: 3, d: 2 }, B: 1 }));
  });

  it('describes waits and shows manual instructions', () => {
    const text = renderText(runbookPlan());
    expect(text).toContain(
      '  wait Wait for the source restart\n      until the source reports no setting pending a restart',
    );
    expect(text).toContain(
      '  manual Allow replicator in pg_hba.conf\n      Add to pg_hba.conf on the source, then reload:\n      host app replicator 10.0.0.0/8 scram-sha-256\n',
    );
  });

  it('says there is nothing to do for an empty plan', () => {
    expect(renderText(plan([]))).toBe(
      [
        'Environment: local',
        'Target:      changeset version 3',
        'Made by:     replctl 0.1.0 at 2026-11-27T12:00:00.000Z',
        '',
        'No changes. Live state matches version 3.',
        '',
      ].join('\n'),
    );
  });

  it('quotes names that need it and neutralises control and bidi characters', () => {
    const text = renderText(awkwardNamesPlan());
    expect(text).toContain('Environment: prod|eu <main>');
    expect(text).toContain('until every table of subscription "My Sub" is ready');
    expect(text).toContain('  ~ Alter table "x\\x1b[2Jy"\\nsecond line \\u202eevil\n');
    expect(text).toContain('      ALTER TABLE "x\\x1b[2Jy" REPLICA IDENTITY FULL\n');
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\u202e');
  });

  it('is stable: the same plan gives the same bytes', () => {
    expect(renderText(runbookPlan(), { colors: tagColors })).toBe(
      renderText(runbookPlan(), { colors: tagColors }),
    );
  });
});
