import { isAbsolute, relative, resolve as resolvePath, sep } from 'node:path';
import { InputError } from '../errors.js';
import { describeSecretRef, type SecretRef, type ValueOrRef } from '../model/secret-ref.js';
import type { ConfigLocation } from './config.js';
import type { ResolveContext } from './resolve-context.js';

/** Secret files are a password or a URL: anything larger is the wrong file. */
const MAX_SECRET_FILE_BYTES = 64 * 1024;

function fail(where: ConfigLocation, message: string): never {
  throw new InputError([
    { position: where.position, code: 'config.unresolved', message: `${where.path}: ${message}` },
  ]);
}

export function isSecretRef(value: unknown): value is SecretRef {
  return typeof value === 'object' && value !== null && ('env' in value || 'file' in value);
}

/**
 * The value a reference points at: an environment variable, or a file inside the project (one
 * trailing newline dropped, as `echo` and editors add it). Errors name the variable or file and
 * the configuration path, never the value.
 */
export function resolveSecret(ref: SecretRef, where: ConfigLocation, ctx: ResolveContext): string {
  if ('env' in ref) {
    const value = ctx.env[ref.env];
    if (value === undefined) fail(where, `expected environment variable ${ref.env} to be set, but it is not`);
    if (value === '')
      fail(where, `expected environment variable ${ref.env} to hold a value, but it is empty`);
    return value;
  }
  const path = resolvePath(ctx.projectDir, ref.file);
  let text: string;
  try {
    const real = ctx.realpath(path);
    const inside = relative(ctx.realpath(ctx.projectDir), real);
    if (inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
      fail(
        where,
        `expected file ${ref.file} inside the project directory, but it links to a file outside it`,
      );
    }
    text = ctx.readFile(real);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    fail(where, `expected a readable file ${ref.file} (relative to ${ctx.projectDir}), but got ${code}`);
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_SECRET_FILE_BYTES) {
    fail(where, `expected file ${ref.file} to hold a short secret (at most 64 KiB), but it is larger`);
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') fail(where, `expected file ${ref.file} to hold a value, but it is empty`);
  return value;
}

/**
 * A configuration value given literally or as a reference. `parse` turns referenced text into the
 * value's type (undefined when it cannot); its failure message says what was expected, not what
 * was found, since the found text may be secret.
 */
export function resolveValue<T>(
  value: ValueOrRef<T>,
  where: ConfigLocation,
  ctx: ResolveContext,
  parse: (text: string) => T | undefined,
  expected: string,
): T {
  if (!isSecretRef(value)) return value;
  const parsed = parse(resolveSecret(value, where, ctx));
  if (parsed === undefined)
    fail(where, `expected ${describeSecretRef(value)} to hold ${expected}, but it holds something else`);
  return parsed;
}
