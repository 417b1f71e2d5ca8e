import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { LocalEnvironmentError } from './local-error.js';

/**
 * Writes JSON atomically (temp file + rename), readable only by its owner: the local
 * environment's state files hold generated passwords.
 */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

/** The parsed file, or undefined when it does not exist. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LocalEnvironmentError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}
