import type { Diagnostic } from '../errors.js';
import { identifierProblem, qualifiedNameProblem } from './identifiers.js';
import { isJsonObject, type JsonValue } from './json.js';
import { childPointer } from './json-pointer.js';
import { projectPathProblem } from './project-path.js';
import type { SourceMap } from './source-map.js';
import { columnTypeProblem, rowFilterProblem, settingTextProblem } from './sql-fragments.js';
import { matchPath } from './walk.js';

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
  for (const [path, kind, at] of NAME_PLACES) {
    for (const match of matchPath(document, path)) {
      const name = at === 'key' ? match.key : match.value;
      if (typeof name !== 'string') continue;
      const problem = kind === 'table' ? qualifiedNameProblem(name) : identifierProblem(name);
      if (problem)
        out.push({ position: positions[at](match.pointer), code: 'name.invalid', message: problem });
    }
  }
  for (const [path, check] of SQL_PLACES) {
    for (const match of matchPath(document, path)) {
      const problem = typeof match.value === 'string' ? check(match.value) : undefined;
      if (problem)
        out.push({ position: positions.value(match.pointer), code: 'sql.fragment', message: problem });
    }
  }
  for (const match of matchPath(document, ['source', 'roles', '*', 'password', 'file'])) {
    const problem = typeof match.value === 'string' ? projectPathProblem(match.value) : undefined;
    if (problem)
      out.push({ position: positions.value(match.pointer), code: 'secret.file-path', message: problem });
  }
  if (first) out.push(...nullsInFirst(document, '', positions));
  return out;
}

function nullsInFirst(value: JsonValue, pointer: string, positions: SourceMap): Diagnostic[] {
  if (!isJsonObject(value)) return [];
  return Object.entries(value).flatMap(([key, member]) => {
    const memberPointer = childPointer(pointer, key);
    if (member !== null) return nullsInFirst(member, memberPointer, positions);
    return [
      {
        position: positions.key(memberPointer),
        code: 'changeset.null-in-first',
        message: `expected a value for "${key}", but got null: null removes a key in a later changeset, and the first changeset has nothing to remove`,
      },
    ];
  });
}
