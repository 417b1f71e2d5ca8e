import type { ErrorObject } from 'ajv/dist/2020.js';
import { type Diagnostic, InputError } from '../errors.js';
import { PLAN_FORMAT_VERSION, type Plan, type Step } from '../planner/plan.js';
import type { PlanDocument, StepDocument } from './plan-document.js';
import { planJsonSchema, type SchemaNode } from './plan-json-schema.js';

/** At most this many schema problems are reported; the rest are counted. */
const MAX_DIAGNOSTICS = 20;

/**
 * Reads a saved plan (`replctl plan --out FILE`) back into a Plan for `apply FILE`. Checks the format
 * version first (a plan of another format is refused outright), then the schema, then that step ids
 * are unique and `dependsOn` names earlier steps, and that there is a checksum for every changeset
 * version up to the target. Throws InputError naming `fileName` and what was expected.
 *
 * `sql` (display text) and `summary` are informative and ignored: apply runs `sqlParts`.
 */
export function parsePlanJson(text: string, fileName = 'plan.json'): Plan {
  const fail = (code: string, messages: readonly string[]): never => {
    throw new InputError(
      messages.map((m): Diagnostic => ({ position: undefined, code, message: `${fileName}: ${m}` })),
    );
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8 quotes a stretch of the input after the comma; a plan file has no secrets, but say no more than needed.
    const reason = (error as Error).message.replace(/, ".*" is not valid JSON$/s, '');
    return fail('plan.json-syntax', [`expected JSON, but got a syntax error: ${reason}`]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('plan.schema', [`expected a JSON object, but got ${describe(value)}`]);
  }
  const version = (value as { formatVersion?: unknown }).formatVersion;
  if (version !== PLAN_FORMAT_VERSION) {
    const madeBy = (value as { toolVersion?: unknown }).toolVersion;
    return fail('plan.format-version', [
      `expected formatVersion ${PLAN_FORMAT_VERSION}, but got ${describe(version)}${
        typeof madeBy === 'string' ? ` (made by replctl ${madeBy})` : ''
      }; make the plan again with this replctl, or apply it with the replctl that made it`,
    ]);
  }
  const { schema, validate } = planJsonSchema();
  if (!validate(value)) return fail('plan.schema', schemaMessages(validate.errors ?? [], schema, value));
  const doc = value as PlanDocument;
  const problems = consistencyProblems(doc);
  if (problems.length > 0) return fail('plan.consistency', problems);
  return {
    formatVersion: doc.formatVersion,
    toolVersion: doc.toolVersion,
    environment: doc.environment,
    targetVersion: doc.targetVersion,
    changesetChecksums: doc.changesetChecksums,
    liveFingerprint: doc.liveFingerprint,
    createdAt: doc.createdAt,
    steps: doc.steps.map(toStep),
  };
}

function toStep(s: StepDocument): Step {
  const base = {
    id: s.id,
    endpoint: s.endpoint,
    action: s.action,
    summary: s.summary,
    destructive: s.destructive,
    reasons: s.reasons,
    dependsOn: s.dependsOn,
    ...(s.postcondition === undefined ? {} : { postcondition: s.postcondition }),
  };
  switch (s.kind) {
    case 'sql':
      return { ...base, kind: 'sql', sql: s.sqlParts, transactional: s.transactional };
    case 'aws':
      return { ...base, kind: 'aws', operation: s.operation, input: s.input, transactional: false };
    case 'restart':
      return { ...base, kind: 'restart', transactional: false };
    case 'wait':
      return { ...base, kind: 'wait', condition: s.condition, transactional: false };
    case 'manual':
      return { ...base, kind: 'manual', instruction: s.instruction, transactional: false };
  }
}

function consistencyProblems(doc: PlanDocument): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  doc.steps.forEach((step, i) => {
    if (seen.has(step.id))
      problems.push(`steps[${i}].id: expected a unique step id, but got ${JSON.stringify(step.id)} again`);
    step.dependsOn.forEach((dep, j) => {
      if (!seen.has(dep)) {
        problems.push(
          `steps[${i}].dependsOn[${j}]: expected the id of an earlier step, but got ${JSON.stringify(dep)}`,
        );
      }
    });
    seen.add(step.id);
  });
  const expected = Array.from({ length: doc.targetVersion }, (_, i) => String(i + 1));
  const actual = Object.keys(doc.changesetChecksums).sort((a, b) => Number(a) - Number(b));
  if (expected.join() !== actual.join()) {
    problems.push(
      `changesetChecksums: expected versions 1..${doc.targetVersion}, but got ${actual.length === 0 ? 'none' : actual.join(', ')}`,
    );
  }
  return problems;
}

/** Schema errors as "where: expected …, but got …", one per place, outermost alternative first. */
function schemaMessages(errors: readonly ErrorObject[], schema: SchemaNode, root: unknown): string[] {
  // A failed oneOf also reports every branch's errors; its one line naming the alternatives says more.
  // A propertyNames failure also reports the failed keyword on the name, without the name.
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  const kept = errors.filter(
    (e) =>
      !e.schemaPath.includes('/propertyNames/') &&
      !oneOfs.some(
        (alt) =>
          alt !== e &&
          (e.instancePath === alt.instancePath || e.instancePath.startsWith(`${alt.instancePath}/`)),
      ),
  );
  const messages = [...new Set(kept.map((e) => schemaMessage(e, schema, root)))];
  const shown = messages.slice(0, MAX_DIAGNOSTICS);
  if (messages.length > shown.length) shown.push(`… and ${messages.length - shown.length} more problems`);
  return shown;
}

/** What the alternatives of each oneOf in the schema look like, by the name of its definition. */
const ALTERNATIVES: Readonly<Record<string, string>> = {
  sqlPart: 'SQL text, {"secretLiteral": {"env": NAME}} or {"conninfoLiteral": {…}}',
  conninfoValue: 'a string, {"env": NAME} or {"file": PATH}',
  secretRef: '{"env": NAME} or {"file": PATH}',
};

function schemaMessage(error: ErrorObject, schema: SchemaNode, root: unknown): string {
  const segments = error.instancePath.split('/').slice(1).map(unescapePointer);
  const where = segments.reduce(
    (path, seg) =>
      /^\d+$/.test(seg)
        ? `${path}[${seg}]`
        : /^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)
          ? `${path === '' ? '' : `${path}.`}${seg}`
          : `${path}[${JSON.stringify(seg)}]`,
    '',
  );
  // SQL parts are described by shape, not echoed: a hand-edited file may hold a pasted password there.
  const value = valueAt(root, segments);
  const got = segments.includes('sqlParts') ? describeShape(value) : describe(value);
  const p = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  const sentence = ((): string => {
    switch (error.keyword) {
      case 'required':
        return `expected a ${JSON.stringify(p.missingProperty)} property, but got none`;
      case 'additionalProperties':
      case 'unevaluatedProperties':
        return `expected only the documented properties, but got ${JSON.stringify(
          String(p.additionalProperty ?? p.unevaluatedProperty),
        )} as well`;
      case 'propertyNames':
        return `expected keys matching ${String((parent.propertyNames as SchemaNode | undefined)?.pattern)}, but got ${JSON.stringify(p.propertyName)}`;
      case 'discriminator': {
        const tag = String(p.tag);
        const tags = ((parent.oneOf ?? []) as SchemaNode[]).map((branch) => {
          const resolved = typeof branch.$ref === 'string' ? pointer(schema, branch.$ref) : branch;
          return JSON.stringify(
            (resolved?.properties as Record<string, SchemaNode> | undefined)?.[tag]?.const,
          );
        });
        return `expected ${JSON.stringify(tag)} to be one of ${tags.join(', ')}, but got ${describe(p.tagValue)}`;
      }
      case 'oneOf': {
        const name = Object.entries(schema.$defs as Record<string, unknown>).find(
          ([, def]) => def === parent,
        )?.[0];
        return `expected ${ALTERNATIVES[name ?? ''] ?? 'exactly one of the documented forms'}, but got ${got}`;
      }
      case 'type':
        return `expected ${String(p.type)}, but got ${got}`;
      case 'const':
        return `expected ${JSON.stringify(p.allowedValue)}, but got ${got}`;
      case 'enum':
        return `expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, but got ${got}`;
      case 'pattern':
        return `expected ${error.instancePath === '/createdAt' ? 'an RFC 3339 time' : `text matching ${String(p.pattern)}`}, but got ${got}`;
      case 'minLength':
        return `expected ${p.limit === 1 ? 'a non-empty string' : `at least ${String(p.limit)} characters`}, but got ${got}`;
      case 'minimum':
        return `expected a number ≥ ${String(p.limit)}, but got ${got}`;
      case 'minItems':
        return `expected at least ${String(p.limit)} items, but got ${got}`;
      default:
        return `expected what the schema says (${error.message ?? error.keyword}), but got ${got}`;
    }
  })();
  return `${where === '' ? '' : `${where}: `}${sentence}`;
}

function pointer(schema: SchemaNode, ref: string): SchemaNode | undefined {
  let node: unknown = schema;
  for (const seg of ref.replace(/^#/, '').split('/').slice(1).map(unescapePointer)) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[seg] : undefined;
  }
  return node as SchemaNode | undefined;
}

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let node = root;
  for (const seg of segments) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[seg] : undefined;
  }
  return node;
}

function describeShape(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0
      ? 'an empty object'
      : `an object with ${keys.map((k) => JSON.stringify(k)).join(', ')}`;
  }
  return `a ${typeof value}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}…` : json;
}
