import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../src/apply/redactor.js';
import { formatConninfo } from '../../../src/planner/sql-text.js';
import { quoteLiteral } from '../../../src/sql/quote.js';
import { passwordForServer } from '../../../src/sql/scram-verifier.js';

describe('Redactor', () => {
  const secret = "pa'ss\\word";
  const redactor = new Redactor();
  redactor.add(secret);

  it('scrubs the value as is', () => {
    expect(redactor.scrub(`password ${secret} rejected`)).toBe('password <redacted> rejected');
  });

  it('scrubs it as a SQL literal and inside a quoted conninfo literal', () => {
    const literal = quoteLiteral(secret);
    const conninfo = quoteLiteral(formatConninfo({ user: 'u', password: { env: 'P' } }, () => secret));
    expect(redactor.scrub(`PASSWORD ${literal}`)).toBe("PASSWORD E'<redacted>'");
    expect(redactor.scrub(conninfo)).toBe("E'user=u password=''<redacted>'''");
  });

  it('scrubs any SCRAM verifier, which carries a fresh salt each time and so is never added', () => {
    const verifier = passwordForServer('another password');
    expect(verifier).toMatch(/^SCRAM-SHA-256\$/);
    expect(new Redactor().scrub(`invalid input syntax for type integer: "${verifier}"`)).toBe(
      'invalid input syntax for type integer: "<redacted>"',
    );
  });

  it('leaves text without secrets alone and ignores empty secrets', () => {
    const r = new Redactor();
    r.add('');
    expect(r.scrub('nothing to hide')).toBe('nothing to hide');
  });
});
