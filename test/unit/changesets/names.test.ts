import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../../src/changesets/did-you-mean.js';
import { identifierProblem, qualifiedNameProblem } from '../../../src/changesets/identifiers.js';
import { projectPathProblem } from '../../../src/changesets/project-path.js';

describe('did you mean', () => {
  it.each([
    ['tabels', 'tables'],
    ['publis', 'publish'],
    ['lcoal', 'local'],
    ['Tables', 'tables'],
    ['subscription', 'subscriptions'],
  ])('%s -> %s', (word, match) => {
    expect(closest(word, ['tables', 'publish', 'local', 'subscriptions', 'schemas'])).toBe(match);
  });
  it('suggests nothing when nothing is close', () => {
    expect(closest('xyz', ['tables', 'publish'])).toBeUndefined();
    expect(closest('ab', ['cd'])).toBeUndefined();
  });
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('PostgreSQL names', () => {
  it('allows up to 63 bytes of UTF-8', () => {
    expect(identifierProblem('a'.repeat(63))).toBeUndefined();
    expect(identifierProblem('a'.repeat(64))).toMatch(/at most 63 bytes \(UTF-8\), but got 64 bytes/);
    // 32 two-byte characters: 32 characters, but 64 bytes.
    expect(identifierProblem('é'.repeat(32))).toMatch(/but got 64 bytes/);
    expect(identifierProblem('é'.repeat(31))).toBeUndefined();
  });
  it('refuses empty names and NUL', () => {
    expect(identifierProblem('')).toMatch(/non-empty/);
    expect(identifierProblem('a\0b')).toMatch(/NUL/);
  });
  it('checks both parts of a table key', () => {
    expect(qualifiedNameProblem('public."Customer Notes"')).toBeUndefined();
    expect(qualifiedNameProblem('users')).toMatch(/schema-qualified/);
    expect(qualifiedNameProblem(`public.${'t'.repeat(64)}`)).toMatch(/table part .* 64 bytes/);
  });
});

describe('project paths', () => {
  it.each(['.secrets/pw', 'a/../b', 'secrets\\pw'])('accepts %s', (path) => {
    expect(projectPathProblem(path)).toBeUndefined();
  });
  it.each([
    ['/etc/passwd', /absolute/],
    ['C:\\x', /absolute/],
    ['~/x', /absolute/],
    ['../x', /leaves it/],
    ['a/../../x', /leaves it/],
    ['..\\x', /leaves it/],
  ])('refuses %s', (path, message) => {
    expect(projectPathProblem(path)).toMatch(message);
  });
});
