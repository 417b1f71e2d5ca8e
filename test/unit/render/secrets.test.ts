import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderJson } from '../../../src/render/json.js';
import { renderMarkdown } from '../../../src/render/markdown.js';
import { renderText } from '../../../src/render/text.js';
import { FAKE_SECRET_VALUE, plan, runbookPlan, sqlStep } from './builders.js';
import { tagColors } from './tag-colors.js';

/**
 * Secrets never appear in renders (design §5). The plans hold only references; the environment holds
 * a value for each, so a renderer that resolved a reference would be caught printing it.
 */
const renders = {
  text: (p: Parameters<typeof renderText>[0]) => renderText(p, { colors: tagColors }),
  markdown: (p: Parameters<typeof renderMarkdown>[0]) => renderMarkdown(p),
  json: (p: Parameters<typeof renderJson>[0]) => renderJson(p),
};

function secretPlan() {
  return plan([
    ...runbookPlan().steps,
    sqlStep({
      id: 'source.role.other.password',
      endpoint: 'source',
      action: '~',
      summary: 'Rotate the password of other',
      sql: ['ALTER ROLE "other" PASSWORD ', { secretLiteral: { file: '/run/secrets/other-password' } }],
    }),
  ]);
}

describe.each(Object.entries(renders))('%s never shows a secret value', (_, render) => {
  beforeEach(() => {
    vi.stubEnv('REPLICATOR_PASSWORD', FAKE_SECRET_VALUE);
    vi.stubEnv('SOURCE_PORT', '54329');
  });
  afterEach(() => vi.unstubAllEnvs());

  it('shows placeholders naming the references, and no value', () => {
    const out = render(secretPlan());
    expect(out).toContain('<secret env:REPLICATOR_PASSWORD>');
    expect(out).toContain('<secret file:/run/secrets/other-password>');
    expect(out).toContain('port=<secret env:SOURCE_PORT>');
    expect(out).toContain('password=<secret env:REPLICATOR_PASSWORD>');
    expect(out).not.toContain(FAKE_SECRET_VALUE);
    expect(out).not.toContain('54329');
  });
});

describe('the saved plan keeps references apply can resolve', () => {
  it('stores secret and conninfo parts as references, exactly as the plan has them', () => {
    const json = JSON.parse(renderJson(runbookPlan())) as { steps: { id: string; sqlParts?: unknown }[] };
    for (const id of ['source.role.replicator.create', 'target.subscription.my_subscription.create']) {
      const step = runbookPlan().steps.find((s) => s.id === id);
      expect(step?.kind === 'sql' && step.sql.some((part) => typeof part !== 'string')).toBe(true);
      expect(json.steps.find((s) => s.id === id)?.sqlParts).toEqual(
        step?.kind === 'sql' ? step.sql : undefined,
      );
    }
  });
});
