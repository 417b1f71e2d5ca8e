import { open } from 'node:fs/promises';
import { MAX_YAML_BYTES } from './parse-yaml.js';

/**
 * A YAML file's text, reading at most one byte past the limit: enough for `parseYaml` to refuse an
 * oversized file without loading a huge one into memory.
 */
export async function readCappedText(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(MAX_YAML_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      length += bytesRead;
      if (bytesRead === 0 || length === buffer.length) break;
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}
