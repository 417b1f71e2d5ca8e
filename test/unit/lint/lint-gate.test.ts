import { describe, expect, it } from 'vitest';
import { ExitCode, ReplctlError } from '../../../src/errors.js';
import type { Finding } from '../../../src/lint/index.js';
import { assertNoBlockingFindings } from '../../../src/workflow/lint-gate.js';

const error: Finding = {
  ruleId: 'replica-identity-missing',
  severity: 'error',
  object: 'public.audit_log',
  message: 'no key',
  fix: 'add one',
};

describe('the lint gate of apply', () => {
  it('refuses with exit 1 on an error nobody waived, naming it and how to waive it', () => {
    let thrown: unknown;
    try {
      assertNoBlockingFindings([error, { ...error, severity: 'warning', object: 'x' }]);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ReplctlError);
    expect((thrown as ReplctlError).exitCode).toBe(ExitCode.error);
    const message = (thrown as Error).message;
    expect(message).toContain('lint found 1 error; nothing was changed');
    expect(message).toContain('replica-identity-missing on public.audit_log: no key');
    expect(message).toContain(
      'lint: { waive: { replica-identity-missing: { "public.audit_log": "<why it is safe>" } } }',
    );
  });

  it('lets waived errors, warnings and infos through', () => {
    expect(() =>
      assertNoBlockingFindings([
        { ...error, waived: 'insert-only' },
        { ...error, severity: 'warning' },
        { ...error, severity: 'info' },
      ]),
    ).not.toThrow();
  });
});
