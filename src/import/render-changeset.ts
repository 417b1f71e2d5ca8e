import { Document, isMap, isScalar, isSeq, type Node, type Pair, YAMLMap } from 'yaml';
import { isJsonObject, type JsonObject, type JsonValue } from '../changesets/json.js';
import { matches } from './defaults.js';

/** Comment lines to put before the key at a path (`['source', 'roles']`). */
export interface PathComment {
  readonly path: readonly string[];
  readonly lines: readonly string[];
}

export interface RenderInput {
  /** The changeset document: version, description and the state. */
  readonly document: JsonObject;
  /** The `$schema` path for the yaml-language-server modeline, relative to the file. */
  readonly schemaPath: string;
  /** Lines under the modeline, before `version`. */
  readonly header: readonly string[];
  readonly comments: readonly PathComment[];
}

/** The order of attribute keys; maps of named members (tables, roles, …) are sorted by name. */
const KEY_ORDER: readonly (readonly [pattern: readonly string[], keys: readonly string[]])[] = [
  [[], ['version', 'description', 'source', 'target', 'lint']],
  [['source'], ['settings', 'roles', 'grants', 'publications']],
  [
    ['source', 'roles', '*'],
    ['login', 'replication', 'connectionLimit', 'password'],
  ],
  [
    ['source', 'grants', '*'],
    ['connect', 'usage', 'select'],
  ],
  [
    ['source', 'publications', '*'],
    ['publish', 'publishViaPartitionRoot', 'allTables', 'tables', 'schemas'],
  ],
  [
    ['source', 'publications', '*', 'tables', '*'],
    ['columns', 'where'],
  ],
  [['target'], ['database', 'parameterGroup', 'tables', 'subscriptions']],
  [
    ['target', 'parameterGroup'],
    ['name', 'family', 'description', 'parameters'],
  ],
  [
    ['target', 'tables', '*'],
    ['from', 'columns', 'primaryKey'],
  ],
  [
    ['target', 'tables', '*', 'columns', '*'],
    ['type', 'notNull'],
  ],
  [
    ['target', 'subscriptions', '*'],
    ['publications', 'enabled', 'options'],
  ],
];

/** Maps whose members keep the order they were given in: the runbook's settings, a table's columns. */
const GIVEN_ORDER: readonly (readonly string[])[] = [
  ['source', 'settings'],
  ['target', 'tables', '*', 'columns'],
];

/** Maps shown one member per line, however short. */
const BLOCK: readonly (readonly string[])[] = [
  [],
  ['source'],
  ['target'],
  ['lint'],
  ['source', 'roles'],
  ['source', 'grants'],
  ['source', 'grants', '*'],
  ['source', 'grants', '*', 'select'],
  ['source', 'publications'],
  ['source', 'publications', '*'],
  ['source', 'publications', '*', 'tables'],
  ['target', 'parameterGroup'],
  ['target', 'tables'],
  ['target', 'tables', '*', 'columns'],
  ['target', 'subscriptions'],
];

/** Collections shorter than this (as one line of YAML flow) are written on one line. */
const FLOW_WIDTH = 80;

/**
 * A changeset as people would write it (pure): the modeline, a header, comments before the keys
 * they explain, attribute keys in the reference's order and members by name, short maps and lists
 * on one line (`public.users: {}`, `usage: [public]`).
 */
export function renderChangeset(input: RenderInput): string {
  const doc = new Document(ordered([], input.document));
  const contents = doc.contents;
  if (!isMap(contents)) throw new Error('a changeset document is a map');
  styleCollections(contents, []);
  for (const comment of input.comments) {
    const pair = pairAt(contents, comment.path);
    if (pair && isScalar(pair.key)) pair.key.commentBefore = commentText(comment.lines);
  }
  const first = contents.items[0];
  if (first && isScalar(first.key)) {
    first.key.commentBefore = commentText([
      `yaml-language-server: $schema=${input.schemaPath}`,
      ...input.header,
    ]);
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

function ordered(path: readonly string[], value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value;
  if (!isJsonObject(value)) return value;
  const order = KEY_ORDER.find(([pattern]) => matches(pattern, path))?.[1];
  const keys = Object.keys(value);
  const sortedKeys = order
    ? [...order.filter((k) => keys.includes(k)), ...keys.filter((k) => !order.includes(k)).sort()]
    : GIVEN_ORDER.some((pattern) => matches(pattern, path))
      ? keys
      : [...keys].sort();
  return Object.fromEntries(sortedKeys.map((k) => [k, ordered([...path, k], value[k]!)]));
}

function styleCollections(node: Node, path: readonly string[]): void {
  if (isMap(node)) {
    const block = BLOCK.some((pattern) => matches(pattern, path));
    node.flow = !block && oneLine(node).length <= FLOW_WIDTH;
    if (node.flow) return;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (pair.value && (isMap(pair.value) || isSeq(pair.value))) {
        styleCollections(pair.value as Node, [...path, key]);
      }
    }
  } else if (isSeq(node)) {
    node.flow = oneLine(node).length <= FLOW_WIDTH;
  }
}

function oneLine(node: Node): string {
  const doc = new Document(node.toJSON());
  const contents = doc.contents;
  if (isMap(contents) || isSeq(contents)) contents.flow = true;
  return doc.toString({ lineWidth: 0 }).trim();
}

function pairAt(root: YAMLMap, path: readonly string[]): Pair | undefined {
  let map: YAMLMap = root;
  for (const [i, key] of path.entries()) {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
    if (pair === undefined) return undefined;
    if (i === path.length - 1) return pair;
    if (!(pair.value instanceof YAMLMap)) return undefined;
    map = pair.value;
  }
  return undefined;
}

function commentText(lines: readonly string[]): string {
  return lines.map((line) => (line === '' ? '' : ` ${line}`)).join('\n');
}
