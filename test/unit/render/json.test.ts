import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { renderJson } from '../../../src/render/json.js';
import { parsePlanJson } from '../../../src/render/parse-plan-json.js';
import { awkwardNamesPlan, largePlan, plan, runbookPlan, sqlStep } from './builders.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../schemas/plan.schema.json', import.meta.url), 'utf8'),
);
const validate = new Ajv2020({ allErrors: true, strict: true, discriminator: true }).compile(schema);

const PLANS = [
  ['runbook', runbookPlan()],
  ['awkward names', awkwardNamesPlan()],
  ['empty', plan([])],
  ['large', largePlan(500)],
] as const;

/** The runbook plan as JSON, for editing into broken variants. */
function runbookJson(): { [key: string]: unknown; steps: Record<string, unknown>[] } {
  return JSON.parse(renderJson(runbookPlan()));
}

function parseError(value: unknown, fileName?: string): string {
  try {
    parsePlanJson(typeof value === 'string' ? value : JSON.stringify(value), fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(1);
    return (error as Error).message;
  }
  throw new Error('expected parsePlanJson to throw');
}

describe('renderJson', () => {
  it('matches the golden JSON of the runbook plan', async () => {
    await expect(renderJson(runbookPlan())).toMatchFileSnapshot('./golden/runbook.json.golden');
  });

  it.each(PLANS)('validates against schemas/plan.schema.json: %s', (_, p) => {
    const ok = validate(JSON.parse(renderJson(p)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('starts with formatVersion and carries the plan header fields', () => {
    const json = runbookJson();
    expect(Object.keys(json)).toEqual([
      'formatVersion',
      'toolVersion',
      'environment',
      'targetVersion',
      'changesetChecksums',
      'liveFingerprint',
      'createdAt',
      'summary',
      'steps',
    ]);
    expect(json.formatVersion).toBe(1);
  });

  it('has a summary block of counts, overall and per endpoint', () => {
    expect(runbookJson().summary).toEqual({
      steps: 16,
      add: 6,
      change: 2,
      destroy: 2,
      restart: 2,
      wait: 3,
      manual: 1,
      destructive: 2,
      byEndpoint: [
        {
          endpoint: 'source',
          steps: 7,
          add: 2,
          change: 1,
          destroy: 2,
          restart: 0,
          wait: 1,
          manual: 1,
          destructive: 2,
        },
        {
          endpoint: 'target-admin',
          steps: 1,
          add: 1,
          change: 0,
          destroy: 0,
          restart: 0,
          wait: 0,
          manual: 0,
          destructive: 0,
        },
        {
          endpoint: 'target',
          steps: 3,
          add: 2,
          change: 0,
          destroy: 0,
          restart: 0,
          wait: 1,
          manual: 0,
          destructive: 0,
        },
        {
          endpoint: 'rds',
          steps: 4,
          add: 1,
          change: 1,
          destroy: 0,
          restart: 1,
          wait: 1,
          manual: 0,
          destructive: 0,
        },
        {
          endpoint: 'host',
          steps: 1,
          add: 0,
          change: 0,
          destroy: 0,
          restart: 1,
          wait: 0,
          manual: 0,
          destructive: 0,
        },
      ],
    });
  });

  it('gives SQL steps both display text and the structured parts', () => {
    const role = runbookJson().steps.find((s) => s.id === 'source.role.replicator.create');
    expect(role).toEqual({
      id: 'source.role.replicator.create',
      endpoint: 'source',
      kind: 'sql',
      action: '+',
      summary: 'Create role replicator',
      destructive: false,
      transactional: true,
      reasons: ['source.roles.replicator'],
      dependsOn: [],
      sql: 'CREATE ROLE "replicator" WITH LOGIN REPLICATION PASSWORD <secret env:REPLICATOR_PASSWORD>',
      sqlParts: [
        'CREATE ROLE "replicator" WITH LOGIN REPLICATION PASSWORD ',
        { secretLiteral: { env: 'REPLICATOR_PASSWORD' } },
      ],
    });
  });

  it('is stable: the same plan gives the same bytes', () => {
    expect(renderJson(runbookPlan())).toBe(renderJson(runbookPlan()));
  });
});

describe('parsePlanJson', () => {
  it.each(PLANS)('reads back exactly the plan that was rendered: %s', (_, p) => {
    expect(parsePlanJson(renderJson(p))).toStrictEqual(p);
  });

  it('refuses another formatVersion before anything else', () => {
    const json = { ...runbookJson(), formatVersion: 2, toolVersion: '9.0.0', steps: 'not even an array' };
    expect(parseError(json)).toBe(
      'plan.json: expected formatVersion 1, but got 2 (made by replctl 9.0.0); make the plan again with this replctl, or apply it with the replctl that made it',
    );
    const { formatVersion: _, ...without } = runbookJson();
    expect(parseError(without)).toMatch(/^plan\.json: expected formatVersion 1, but got nothing/);
  });

  it('names the file it was given', () => {
    expect(parseError('{"formatVersion": 1,', 'plans/prod.json')).toMatch(
      /^plans\/prod\.json: expected JSON, but got a syntax error: /,
    );
    expect(parseError('[]')).toBe('plan.json: expected a JSON object, but got []');
  });

  it('says where the schema is broken, what it expected and what it got', () => {
    const json = runbookJson();
    json.steps[0]!.kind = 'shell';
    delete json.steps[1]!.summary;
    json.steps[4]!.transactional = 'no';
    json.steps[5]!.extra = true;
    json.steps[7]!.action = '*';
    json.createdAt = 'yesterday';
    json.changesetChecksums = { '1': 'a', one: 'b' };
    const message = parseError(json);
    expect(message.split('\n')).toEqual(
      expect.arrayContaining([
        'plan.json: steps[0]: expected "kind" to be one of "sql", "aws", "restart", "wait", "manual", but got "shell"',
        'plan.json: steps[1]: expected a "summary" property, but got none',
        'plan.json: steps[4].transactional: expected boolean, but got "no"',
        'plan.json: steps[5]: expected only the documented properties, but got "extra" as well',
        'plan.json: steps[7].action: expected one of "+", "~", "-", "restart", "wait", "manual", but got "*"',
        'plan.json: createdAt: expected an RFC 3339 time, but got "yesterday"',
      ]),
    );
    expect(message).toContain(
      'plan.json: changesetChecksums: expected keys matching ^[1-9][0-9]*$, but got "one"',
    );
    expect(message.split('\n')).toHaveLength(7);
  });

  it('explains a malformed SQL part in one line, without echoing what sits in a secret reference', () => {
    const json = runbookJson();
    const role = json.steps.find((s) => s.id === 'source.role.replicator.create')!;
    role.sqlParts = ['CREATE ROLE r PASSWORD ', { secretLiteral: 'pasted-password' }];
    const message = parseError(json);
    expect(message).toBe(
      'plan.json: steps[7].sqlParts[1]: expected SQL text, {"secretLiteral": {"env": NAME}} or {"conninfoLiteral": {…}}, but got an object with "secretLiteral"',
    );
    role.sqlParts = ['x', { conninfoLiteral: { host: 'h', password: { value: 'pasted-password' } } }];
    const nested = parseError(json);
    expect(nested).toBe(
      'plan.json: steps[7].sqlParts[1]: expected SQL text, {"secretLiteral": {"env": NAME}} or {"conninfoLiteral": {…}}, but got an object with "conninfoLiteral"',
    );
    expect(nested).not.toContain('pasted-password');
  });

  it('refuses duplicate step ids, unknown or later dependencies and missing checksums', () => {
    const p = plan(
      [
        sqlStep({
          id: 'a',
          endpoint: 'source',
          action: '+',
          summary: 'a',
          sql: ['SELECT 1'],
          dependsOn: ['b'],
        }),
        sqlStep({
          id: 'b',
          endpoint: 'source',
          action: '+',
          summary: 'b',
          sql: ['SELECT 1'],
          dependsOn: ['nope'],
        }),
        sqlStep({ id: 'a', endpoint: 'source', action: '+', summary: 'c', sql: ['SELECT 1'] }),
      ],
      { targetVersion: 3, changesetChecksums: { '1': 'x', '3': 'z' } },
    );
    expect(parseError(JSON.parse(renderJson(p))).split('\n')).toEqual([
      'plan.json: steps[0].dependsOn[0]: expected the id of an earlier step, but got "b"',
      'plan.json: steps[1].dependsOn[0]: expected the id of an earlier step, but got "nope"',
      'plan.json: steps[2].id: expected a unique step id, but got "a" again',
      'plan.json: changesetChecksums: expected versions 1..3, but got 1, 3',
    ]);
  });

  it('ignores the informative fields: apply runs sqlParts, not the display text', () => {
    const json = runbookJson();
    json.steps[4]!.sql = 'DROP DATABASE everything';
    (json.summary as Record<string, unknown>).steps = 999;
    const parsed = parsePlanJson(JSON.stringify(json));
    expect(parsed).toStrictEqual(runbookPlan());
  });
});
