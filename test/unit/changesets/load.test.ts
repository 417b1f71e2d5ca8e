import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadChangesets } from '../../../src/changesets/load.js';
import { MAX_YAML_BYTES } from '../../../src/changesets/parse-yaml.js';
import { loadProject } from '../../../src/config/load-project.js';
import { InputError } from '../../../src/errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'replctl-load-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function diagnosticsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).diagnostics.map((d) =>
    d.position ? `${d.position.file}:${d.position.line}:${d.position.column}: ${d.message}` : d.message,
  );
}

describe('loadChangesets', () => {
  it('reads NNNN-slug.yaml files in version order and ignores other files', async () => {
    await writeFile(join(dir, '0002-b.yaml'), 'version: 2\ndescription: b\n');
    await writeFile(join(dir, '0001-a.yaml'), 'version: 1\ndescription: a\n');
    await writeFile(join(dir, 'README.md'), '# not a changeset\n');
    await writeFile(join(dir, '.0003-draft.yaml'), 'not: even valid\n');
    await mkdir(join(dir, '0004-folder.yaml'));
    const changesets = await loadChangesets(dir);
    expect(changesets.map((c) => [c.version, c.file])).toEqual([
      [1, join(dir, '0001-a.yaml')],
      [2, join(dir, '0002-b.yaml')],
    ]);
  });

  it('refuses a file over 1 MiB without reading all of it, and still checks the others', async () => {
    await writeFile(join(dir, '0001-a.yaml'), `version: 1\ndescription: "${'x'.repeat(MAX_YAML_BYTES)}"\n`);
    await writeFile(join(dir, '0002-b.yaml'), 'version: 2\ndescription: b\nsorce: {}\n');
    expect(await diagnosticsOf(loadChangesets(dir))).toEqual([
      `${join(dir, '0001-a.yaml')}:1:1: expected a file of at most 1 MiB (1048576 bytes), but got a larger one`,
      `${join(dir, '0002-b.yaml')}:3:1: expected one of version, description, source, target, lint, but got unknown key "sorce" (did you mean "source"?)`,
    ]);
  });

  it('says when the folder is missing', async () => {
    expect(await diagnosticsOf(loadChangesets(join(dir, 'nope')))).toEqual([
      `expected a changesets folder at ${join(dir, 'nope')}, but it does not exist`,
    ]);
  });

  it('an empty folder is valid: nothing is managed yet', async () => {
    expect(await loadChangesets(dir)).toEqual([]);
  });
});

describe('loadProject', () => {
  it('needs replctl.yaml', async () => {
    expect(await diagnosticsOf(loadProject(dir))).toEqual([
      `expected replctl.yaml in ${dir} (run replctl in the project's root or pass -C DIR), but there is none`,
    ]);
  });

  it('loads the repository itself', async () => {
    const project = await loadProject('.');
    expect(project.config.file).toBe('replctl.yaml');
    expect(project.changesets[0]?.file).toBe('changesets/0001-initial.yaml');
    expect(Object.keys(project.config.config.environments)).toEqual(['local']);
  });
});
