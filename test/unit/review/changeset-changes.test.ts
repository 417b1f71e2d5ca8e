import { describe, expect, it } from 'vitest';
import type { Changeset } from '../../../src/changesets/changeset.js';
import { validateChangesetSources } from '../../../src/changesets/validate.js';
import { appendOnlyError, classifyChangesets, isAppendOnly } from '../../../src/review/changeset-changes.js';

const V1 = `version: 1
description: first
source:
  roles: { replicator: { login: true } }
`;
const V2 = `version: 2
description: second
source:
  roles: { replicator: { replication: true } }
`;
const V3 = `version: 3
description: third
source:
  roles: { replicator: { connectionLimit: 5 } }
`;

/** Changesets as the loader makes them, from `{ name: text }`, under `prefix` (a ref or folder). */
function load(prefix: string, files: Readonly<Record<string, string>>): readonly Changeset[] {
  const { changesets, diagnostics } = validateChangesetSources(
    Object.entries(files).map(([name, text]) => ({ file: `${prefix}/${name}`, name, text })),
  );
  expect(diagnostics).toEqual([]);
  return changesets;
}

const base = load('origin/main:changesets', { '0001-first.yaml': V1, '0002-second.yaml': V2 });

describe('classifyChangesets', () => {
  it('lists what the branch appends; everything else is unchanged', () => {
    const head = load('changesets', { '0001-first.yaml': V1, '0002-second.yaml': V2, '0003-third.yaml': V3 });
    const changes = classifyChangesets(base, head);
    expect(changes.added.map((c) => c.file)).toEqual(['changesets/0003-third.yaml']);
    expect(changes.unchanged.map((c) => c.version)).toEqual([1, 2]);
    expect(changes.edited).toEqual([]);
    expect(changes.removed).toEqual([]);
    expect(isAppendOnly(changes)).toBe(true);
  });

  it('does not count comments, whitespace and quoting as an edit (checksums are canonical)', () => {
    const reformatted = `# a comment added after the merge\n${V2.replace('second', '"second"').replace('{ replication: true }', '{replication:   true}')}`;
    const head = load('changesets', { '0001-first.yaml': V1, '0002-second.yaml': reformatted });
    const changes = classifyChangesets(base, head);
    expect(changes.unchanged.map((c) => c.version)).toEqual([1, 2]);
    expect(isAppendOnly(changes)).toBe(true);
  });

  it('reports a merged changeset whose meaning changed as edited, naming both files', () => {
    const head = load('changesets', {
      '0001-first.yaml': V1,
      '0002-second.yaml': V2.replace('replication: true', 'replication: false'),
    });
    const changes = classifyChangesets(base, head);
    expect(changes.edited.map((e) => [e.base.file, e.head.file])).toEqual([
      ['origin/main:changesets/0002-second.yaml', 'changesets/0002-second.yaml'],
    ]);
    expect(isAppendOnly(changes)).toBe(false);
    const message = appendOnlyError(changes, 'origin/main').message;
    expect(message).toContain(
      'changesets/0002-second.yaml (version 2) is edited, but version 2 is already merged in origin/main',
    );
    expect(message).toContain('new changeset (version 3)');
  });

  it('tells a version collision (another branch merged the same number first) from an edit', () => {
    const merged = load('origin/main:changesets', {
      '0001-first.yaml': V1,
      '0002-second.yaml': V2,
      '0003-theirs.yaml': V3,
    });
    const head = load('changesets', {
      '0001-first.yaml': V1,
      '0002-second.yaml': V2,
      '0003-ours.yaml': V3.replace('connectionLimit: 5', 'connectionLimit: 7'),
    });
    const message = appendOnlyError(classifyChangesets(merged, head), 'origin/main').message;
    expect(message).toContain(
      'changesets/0003-ours.yaml (version 3) differs from origin/main:changesets/0003-theirs.yaml, already merged in origin/main as version 3: renumber',
    );
  });

  it('reports a merged changeset missing from the branch as removed', () => {
    const head = load('changesets', { '0001-first.yaml': V1 });
    const changes = classifyChangesets(base, head);
    expect(changes.removed.map((c) => c.version)).toEqual([2]);
    expect(isAppendOnly(changes)).toBe(false);
    expect(appendOnlyError(changes, 'origin/main').message).toContain(
      'origin/main:changesets/0002-second.yaml (version 2) is merged in origin/main but missing in the branch',
    );
  });

  it('accepts a rename that keeps the content', () => {
    const head = load('changesets', { '0001-first.yaml': V1, '0002-renamed.yaml': V2 });
    const changes = classifyChangesets(base, head);
    expect(changes.renamed.map((r) => r.head.file)).toEqual(['changesets/0002-renamed.yaml']);
    expect(isAppendOnly(changes)).toBe(true);
  });

  it('treats every changeset as added when the base has none (adopting replctl)', () => {
    const head = load('changesets', { '0001-first.yaml': V1 });
    expect(classifyChangesets([], head).added.map((c) => c.version)).toEqual([1]);
  });
});
