import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  type YAMLError,
} from 'yaml';
import type { Diagnostic, SourcePosition } from '../errors.js';
import { type JsonValue, objectFromEntries } from './json.js';
import { childPointer } from './json-pointer.js';
import { parseYamlFast } from './parse-yaml-fast.js';
import { SourceMap } from './source-map.js';

/** Changesets and replctl.yaml are small; a larger file is a mistake or an attack. */
export const MAX_YAML_BYTES = 1024 * 1024;

export interface ParsedYaml {
  /** Undefined when the text could not be parsed into a value at all. */
  readonly value: JsonValue | undefined;
  readonly positions: SourceMap;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses one YAML document into JSON data and a map from JSON Pointers to source positions.
 * Refuses what could make a small file expensive or ambiguous: aliases (billion-laughs blow-ups),
 * duplicate keys, non-scalar keys, custom tags, numbers JSON cannot hold, several documents.
 * Pure: takes the text, reads nothing.
 */
export function parseYaml(
  text: string,
  file: string,
  /** `strict`: the `yaml` library alone (the differential test's reference). */
  path: 'fast-first' | 'strict' = 'fast-first',
): ParsedYaml {
  const positions = new SourceMap(file);
  if (Buffer.byteLength(text, 'utf8') > MAX_YAML_BYTES) {
    const diagnostic: Diagnostic = {
      position: { file, line: 1, column: 1 },
      code: 'yaml.too-large',
      message: `expected a file of at most 1 MiB (${MAX_YAML_BYTES} bytes), but got a larger one`,
    };
    return { value: undefined, positions, diagnostics: [diagnostic] };
  }
  // Most files take the fast path; whatever it does not plainly accept is parsed by `yaml` below.
  const plain = path === 'fast-first' ? parseYamlFast(text, file) : undefined;
  if (plain !== undefined) return plain;

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const diagnostics: Diagnostic[] = [];
  const notUtf8 = text.indexOf('\uFFFD');
  if (notUtf8 >= 0) {
    diagnostics.push({
      position: at(notUtf8),
      code: 'yaml.encoding',
      message:
        'expected UTF-8 text, but got bytes that are not UTF-8 (or the replacement character U+FFFD, which stands for them)',
    });
    return { value: undefined, positions, diagnostics };
  }
  const nodeStart = (node: Node): SourcePosition => at(node.range?.[0] ?? 0);
  const yamlProblem = (e: YAMLError): Diagnostic => ({
    position: at(e.pos[0]),
    code: e.code === 'TAG_RESOLVE_FAILED' ? 'yaml.tag' : 'yaml.syntax',
    message: yamlMessage(e),
  });
  diagnostics.push(...doc.errors.map(yamlProblem), ...doc.warnings.map(yamlProblem));
  if (doc.errors.length > 0) return { value: undefined, positions, diagnostics };

  const convert = (node: unknown, pointer: string): JsonValue => {
    if (isAlias(node)) {
      diagnostics.push({
        position: nodeStart(node),
        code: 'yaml.alias',
        message: `expected a value written out, but got the alias *${node.source} (anchors and aliases are refused: they can blow a small file up into a huge document)`,
      });
      return null;
    }
    if (isScalar(node)) return scalarValue(node.value, nodeStart(node));
    if (isMap(node)) return convertPairs(node.items, pointer);
    if (isSeq(node)) {
      return node.items.map((item, i) => {
        const itemPointer = childPointer(pointer, i);
        // A `[a: 1]` entry is a Pair: a one-member map that starts at its key.
        const position = valuePosition((isPair(item) ? item.key : item) as Node | null, undefined);
        if (position) positions.record(itemPointer, { value: position });
        return convert(item, itemPointer);
      });
    }
    if (isPair(node)) return convertPairs([node], pointer);
    return null; // an empty document or an empty flow entry
  };

  const scalarValue = (value: unknown, position: SourcePosition): JsonValue => {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      diagnostics.push({
        position,
        code: 'yaml.number',
        message: `expected a finite number, but got ${value} (write it in quotes if it is text)`,
      });
      return null;
    }
    if (typeof value === 'string' && value.includes('\0')) {
      diagnostics.push({
        position,
        code: 'yaml.nul',
        message: 'expected text without NUL characters (PostgreSQL cannot store them), but got one',
      });
      return null;
    }
    if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      return value;
    }
    // Only custom tags or the yaml-1.1 schema produce anything else; neither is enabled.
    diagnostics.push({
      position,
      code: 'yaml.tag',
      message: `expected a string, number, true/false or null, but got ${typeof value}`,
    });
    return null;
  };

  const valuePosition = (
    value: Node | null,
    keyPosition: SourcePosition | undefined,
  ): SourcePosition | undefined => {
    if (!value?.range) return keyPosition;
    const empty = isScalar(value) && value.value === null && value.range[0] === value.range[1];
    return empty ? (keyPosition ?? at(value.range[0])) : at(value.range[0]);
  };

  const convertPairs = (pairs: readonly Pair[], pointer: string): JsonValue => {
    const seen = new Map<string, SourcePosition>();
    const entries: [string, JsonValue][] = [];
    for (const pair of pairs) {
      const keyNode = pair.key as Node | null;
      const keyPos = keyNode?.range ? at(keyNode.range[0]) : undefined;
      if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
        diagnostics.push({
          position: keyPos ?? positions.value(pointer),
          code: 'yaml.key',
          message: `expected a key that is a string, but got ${keyNode === null || isScalar(keyNode) ? 'an empty key' : 'a list or map as key'}`,
        });
        continue;
      }
      const key = String(keyNode.value);
      const first = seen.get(key);
      if (first) {
        diagnostics.push({
          position: keyPos,
          code: 'yaml.duplicate-key',
          message: `expected each key once in a map, but got "${key}" again (first at line ${first.line}, column ${first.column})`,
        });
        continue;
      }
      if (keyPos) seen.set(key, keyPos);
      const memberPointer = childPointer(pointer, key);
      const value = pair.value as Node | null;
      const position = valuePosition(value, keyPos);
      if (position) positions.record(memberPointer, { ...(keyPos ? { key: keyPos } : {}), value: position });
      entries.push([key, convert(value, memberPointer)]);
    }
    return objectFromEntries(entries);
  };

  const contents = doc.contents as Node | null;
  if (contents?.range) positions.record('', { value: at(contents.range[0]) });
  const value = convert(contents, '');
  return { value, positions, diagnostics };
}

/** yaml's messages without its own position suffix (the diagnostic carries the position). */
function yamlMessage(e: YAMLError): string {
  const text = e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '');
  switch (e.code) {
    case 'MULTIPLE_DOCS':
      return 'expected one YAML document per file, but got a second one (a `---` line)';
    case 'KEY_OVER_1024_CHARS':
      return 'expected a key of at most 1024 characters (a name is at most 63 bytes), but got a longer one';
    case 'TAB_AS_INDENT':
      return 'expected spaces for indentation, but got a tab';
    case 'TAG_RESOLVE_FAILED':
      return `expected plain YAML values, but got a tag (${text.replace(/^Unresolved tag: /, '')})`;
    default:
      // The parser recurses per level: a file nested thousands deep ends its stack.
      if (/call stack/i.test(text))
        return 'expected a document nested at most a few hundred levels deep, but got one nested deeper';
      return `YAML syntax error: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
  }
}
