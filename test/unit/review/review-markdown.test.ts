import { beforeAll, describe, expect, it } from 'vitest';
import type { Changeset } from '../../../src/changesets/changeset.js';
import { fold } from '../../../src/changesets/fold.js';
import { loadChangesets } from '../../../src/changesets/load.js';
import type { EnvironmentConfig } from '../../../src/config/config.js';
import { GITHUB_COMMENT_LIMIT } from '../../../src/render/markdown.js';
import { classifyChangesets } from '../../../src/review/changeset-changes.js';
import { desiredStateDiff } from '../../../src/review/desired-state-diff.js';
import { offlinePlan } from '../../../src/review/offline-plan.js';
import type { Review } from '../../../src/review/prepare-review.js';
import { renderReviewMarkdown } from '../../../src/review/review-markdown.js';
import { renderReviewText } from '../../../src/review/review-text.js';

const CONFIG: EnvironmentConfig = {
  source: { url: { env: 'SOURCE_DATABASE_URL' }, restart: { kind: 'manual' } },
  target: { url: { env: 'TARGET_DATABASE_URL' }, journalSchema: 'replctl' },
  subscriptionConnection: { host: 'db', dbname: 'app', user: 'replicator', password: { env: 'PW' } },
};

let repo: Changeset[];
beforeAll(async () => {
  repo = await loadChangesets('changesets');
});

/** The review of a branch adding changesets `from`+1..4 to a base at `from`, planned offline. */
function review(from: number, diff?: string): Review {
  const base = repo.slice(0, from);
  const head = repo;
  const side = (label: string, changesets: readonly Changeset[]) => ({
    label,
    changesets,
    version: changesets.length,
  });
  return {
    environment: 'prod',
    base: side('origin/main', base),
    head: side('working tree', head),
    changes: classifyChangesets(base, head),
    diff:
      diff ??
      desiredStateDiff(
        { label: 'origin/main', version: from, state: fold(base) },
        { label: 'working tree', version: 4, state: fold(head) },
      ),
    plan: {
      kind: 'offline',
      reason:
        'environments.prod.source.url: expected environment variable SOURCE_DATABASE_URL to be set, but it is not',
      plan: offlinePlan({
        environment: 'prod',
        config: CONFIG,
        base,
        head,
        toolVersion: '0.1.0',
        createdAt: '2025-01-01T00:00:00.000Z',
      }).plan,
    },
  };
}

describe('renderReviewMarkdown', () => {
  it('says first that the plan is offline and why, then lists the changesets, the diff and the plan', () => {
    const md = renderReviewMarkdown(review(2));
    const caution = md.indexOf('> [!CAUTION]');
    expect(caution).toBeGreaterThan(0);
    expect(md).toContain(
      'OFFLINE PLAN: not made against the live databases. Environment prod could not be reached',
    );
    expect(md).toContain('SOURCE\\_DATABASE\\_URL');
    expect(md).toContain('| added | 3 | `changesets/0003-order-items-not-invoices.yaml` |');
    expect(md).toContain('| added | 4 | `changesets/0004-add-customer-notes.yaml` |');
    expect(md).toContain('### Desired state: origin/main (version 2) → working tree (version 4)');
    expect(md).toMatch(/```diff\n--- origin\/main \(version 2\)\n\+\+\+ working tree \(version 4\)\n@@/);
    expect(md).toContain('+        public."Customer Notes": {}');
    expect(md).toContain('ALTER PUBLICATION "my_publication" DROP TABLE "public"."invoices";');
    expect(caution).toBeLessThan(md.indexOf('### Steps'));
  });

  it('stays within the comment limit and says what it cut when the diff is huge', () => {
    const huge = `--- a\n+++ b\n@@ -1,1 +1,20000 @@\n${Array.from({ length: 20_000 }, (_, i) => `+  line ${i}: ${'x'.repeat(40)}`).join('\n')}\n`;
    const md = renderReviewMarkdown(review(2, huge));
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md).toMatch(
      /_Shortened: the first [\d,]+ of 20,003 lines of the diff are shown\. Run `replctl plan --base origin\/main` to see all of it\._/,
    );
    expect(md).toContain('### Steps');
  });

  it('keeps a smaller limit too, cutting whole steps with a note', () => {
    const md = renderReviewMarkdown(review(0), { maxLength: 6_000 });
    expect(md.length).toBeLessThanOrEqual(6_000);
    expect(md).toMatch(/steps are omitted here/);
  });

  it('says offline that lint did not run, and takes more sections after the diff and lint', () => {
    const md = renderReviewMarkdown(review(3), { sections: [{ title: 'Cost estimate', body: 'none' }] });
    expect(md).toContain('### Lint findings\n\n_Lint not run: its rules read the live databases');
    expect(md.indexOf('### Lint findings')).toBeGreaterThan(md.indexOf('### Desired state'));
    expect(md.indexOf('### Cost estimate')).toBeGreaterThan(md.indexOf('### Lint findings'));
  });

  it('says when the branch changes nothing', () => {
    const md = renderReviewMarkdown(review(4));
    expect(md).toContain('The branch (working tree) adds no changeset to origin/main (at version 4).');
    expect(md).toContain('_The folded desired state is the same on both sides._');
  });
});

describe('renderReviewText', () => {
  it('prints the changesets, the whole diff and the labelled plan', () => {
    const text = renderReviewText(review(3));
    expect(text).toContain('The branch (working tree) adds changeset 4 to origin/main (at version 3).');
    expect(text).toContain('  + 4  changesets/0004-add-customer-notes.yaml  Replicate customer notes');
    expect(text).toContain('+    public."Customer Notes":');
    expect(text).toContain('OFFLINE PLAN: not made against the live databases.');
    expect(text).toMatch(/Plan: \d+ steps/);
  });
});
