import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/index.js';
import { renderJson } from '../../../src/render/json.js';
import { parsePlanJson } from '../../../src/render/parse-plan-json.js';
import { planJsonSchema } from '../../../src/render/plan-json-schema.js';
import { planFor, runbookDesired, runbookLive } from '../planner/builders.js';
import { withSource } from './states.js';

describe('findings in the JSON plan', () => {
  const desired = runbookDesired();
  const live = withSource(runbookLive(), {
    slots: [
      {
        name: 'gone',
        plugin: 'pgoutput',
        slotType: 'logical',
        database: 'app',
        active: false,
        retainedWalBytes: 10,
      },
    ],
  });
  const plan = planFor(desired, live);
  const findings = lint(desired, live, {});

  it('adds them last, valid against schemas/plan.schema.json', () => {
    expect(findings.map((f) => f.ruleId)).toContain('replication-slot-orphan');
    const json = renderJson(plan, { findings });
    const document = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(document).at(-1)).toBe('findings');
    expect(document.findings).toEqual(findings);
    const { validate } = planJsonSchema();
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...document, findings: [{ ...findings[0], severity: 'fatal' }] })).toBe(false);
  });

  it('reads back to the same plan, findings ignored; without them the document is as before', () => {
    expect(parsePlanJson(renderJson(plan, { findings }))).toEqual(parsePlanJson(renderJson(plan)));
    expect(JSON.parse(renderJson(plan))).not.toHaveProperty('findings');
  });
});
