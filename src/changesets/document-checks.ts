import type { Diagnostic } from '../errors.js';
import { identifierProblem, qualifiedNameProblem } from './identifiers.js';
import { isJsonObject, type JsonValue } from './json.js';
import { pointerOf } from './json-pointer.js';
import { projectPathProblem } from './project-path.js';
import type { SourceMap } from './source-map.js';
import { columnTypeProblem, rowFilterProblem, settingTextProblem } from './sql-fragments.js';
import { type Match, matchPaths } from './walk.js';

type NameKind = 'identifier' | 'table';

/** Where changesets name PostgreSQL objects, and whether the name is the map key or the value. */
const NAME_PLACES: readonly (readonly [path: readonly string[], kind: NameKind, at: 'key' | 'value'])[] = [
  [['source', 'roles', '*'], 'identifier', 'key'],
  [['source', 'grants', '*'], 'identifier', 'key'],
  [['source', 'grants', '*', 'usage', '*'], 'identifier', 'value'],
  [['source', 'grants', '*', 'select', '*'], 'table', 'key'],
  [['source', 'publications', '*'], 'identifier', 'key'],
  [['source', 'publications', '*', 'tables', '*'], 'table', 'key'],
  [['source', 'publications', '*', 'tables', '*', 'columns', '*'], 'identifier', 'value'],
  [['source', 'publications', '*', 'schemas', '*'], 'identifier', 'key'],
  [['target', 'database'], 'identifier', 'value'],
  [['target', 'tables', '*'], 'table', 'key'],
  [['target', 'tables', '*', 'columns', '*'], 'identifier', 'key'],
  [['target', 'tables', '*', 'primaryKey', '*'], 'identifier', 'value'],
  [['target', 'subscriptions', '*'], 'identifier', 'key'],
  [['target', 'subscriptions', '*', 'publications', '*'], 'identifier', 'value'],
];

/** Where changesets hold SQL text that the planner writes into statements (as it is, or quoted). */
const SQL_PLACES: readonly (readonly [
  path: readonly string[],
  check: (text: string) => string | undefined,
])[] = [
  [['source', 'publications', '*', 'tables', '*', 'where'], rowFilterProblem],
  [['target', 'tables', '*', 'columns', '*', 'type'], columnTypeProblem],
  [['source', 'settings', '*'], settingTextProblem],
  [['target', 'parameterGroup', 'parameters', '*'], settingTextProblem],
  [['target', 'subscriptions', '*', 'options', '*'], settingTextProblem],
];

/**
 * Checks of one schema-valid changeset that need no other changeset: names are valid PostgreSQL
 * identifiers or qualified table names, row filters and column types are single SQL fragments,
 * `{ file }` secrets stay inside the project, and the first
 * changeset (a full document) holds no `null`.
 */
export function documentDiagnostics(document: JsonValue, positions: SourceMap, first: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  const [nameMatches, sqlMatches, [fileMatches]] = matchGroups(document);
  for (const [i, [, kind, at]] of NAME_PLACES.entries()) {
    for (const match of nameMatches[i]!) {
      const name = at === 'key' ? match.key : match.value;
      if (typeof name !== 'string') continue;
      const problem = kind === 'table' ? qualifiedNameProblem(name) : identifierProblem(name);
      if (problem)
        out.push({ position: positions[at](match.pointer), code: 'name.invalid', message: problem });
    }
  }
  for (const [i, [, check]] of SQL_PLACES.entries()) {
    for (const match of sqlMatches[i]!) {
      const problem = typeof match.value === 'string' ? check(match.value) : undefined;
      if (problem)
        out.push({ position: positions.value(match.pointer), code: 'sql.fragment', message: problem });
    }
  }
  for (const match of fileMatches!) {
    const problem = typeof match.value === 'string' ? projectPathProblem(match.value) : undefined;
    if (problem)
      out.push({ position: positions.value(match.pointer), code: 'secret.file-path', message: problem });
  }
  if (first) nullsInFirst(document, [], positions, out);
  return out;
}

const FILE_SECRETS = ['source', 'roles', '*', 'password', 'file'];

/** The matches of NAME_PLACES, of SQL_PLACES and of FILE_SECRETS, found in one walk of the document. */
function matchGroups(document: JsonValue): [Match[][], Match[][], Match[][]] {
  const matches = matchPaths(document, [
    ...NAME_PLACES.map(([path]) => path),
    ...SQL_PLACES.map(([path]) => path),
    FILE_SECRETS,
  ]);
  const sql = NAME_PLACES.length + SQL_PLACES.length;
  return [matches.slice(0, NAME_PLACES.length), matches.slice(NAME_PLACES.length, sql), matches.slice(sql)];
}

/** Appends a diagnostic for each null in `value`; `path` is where it is, its pointer built only for a null. */
function nullsInFirst(value: JsonValue, path: string[], positions: SourceMap, out: Diagnostic[]): void {
  if (!isJsonObject(value)) return;
  for (const key of Object.keys(value)) {
    const member = value[key]!;
    path.push(key);
    if (member !== null) nullsInFirst(member, path, positions, out);
    else {
      out.push({
        position: positions.key(pointerOf(path)),
        code: 'changeset.null-in-first',
        message: `expected a value for "${key}", but got null: null removes a key in a later changeset, and the first changeset has nothing to remove`,
      });
    }
    path.pop();
  }
}
