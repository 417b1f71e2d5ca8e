import { EVENT_ID, type Event, getScalarValue, parseEvents, SCALAR_STYLE, type ScalarEvent } from 'js-yaml';
import type { SourcePosition } from '../errors.js';
import type { JsonValue } from './json.js';
import type { ParsedYaml } from './parse-yaml.js';
import { OffsetNode, SourceMap } from './source-map.js';

/**
 * The common case of `parseYaml` about ten times faster: js-yaml's event parser instead of the
 * `yaml` library's document model (0.9 s → 0.1 s for the 1 MiB of changesets of 10,000 tables).
 * It only ever accepts: it returns the value and positions `parseYaml` would, or undefined — "not
 * plainly acceptable, ask `yaml`" — whenever the text has anything the strict path refuses or
 * positions differently: a syntax error, several documents, directives, anchors, aliases, tags,
 * block scalars, multi-line scalars, tabs, carriage returns, a BOM, U+FFFD, a NUL, an empty or
 * non-string key, a duplicate key, a number JSON cannot hold, an empty list item. So every refusal
 * and every diagnostic still comes from `yaml`, with its file:line:col; a differential property
 * test holds the two paths to the same values, positions and acceptance.
 */
export function parseYamlFast(text: string, file: string): ParsedYaml | undefined {
  if (/[\t\r\uFEFF\uFFFD\0]/.test(text) || DOCUMENT_MARKER.test(text)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return undefined;
  }
  return new EventConverter(text, file, events).document();
}

/** `---` or `...` at the start of a line: js-yaml and `yaml` count documents around them differently. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:[ \n]|$)/m;

/** Thrown inside the converter to give up on the fast path. */
const NOT_PLAIN = Symbol('not plain');

class EventConverter {
  readonly positions: SourceMap;
  #lineStarts: number[] | undefined;
  #next = 0;
  /** The offsets inside the map or list `#node` last returned, if it had members. */
  #members: OffsetNode | undefined;

  constructor(
    readonly text: string,
    readonly file: string,
    readonly events: readonly Event[],
  ) {
    this.positions = new SourceMap(file);
  }

  document(): ParsedYaml | undefined {
    const events = this.events;
    const start = events[0];
    // One document without `---`, `...` or directives, holding one node (an empty file has none).
    if (start?.type !== EVENT_ID.DOCUMENT || start.explicitStart || start.explicitEnd) return undefined;
    if (start.directives.length > 0 || events[events.length - 1]?.type !== EVENT_ID.POP) return undefined;
    this.#next = 1;
    try {
      const root = this.#peek();
      if (root.type === EVENT_ID.POP) return undefined;
      if (root.type === EVENT_ID.SCALAR && root.valueStart === -1) return undefined;
      const rootOffset = this.#startOf(root);
      const value = this.#node();
      // The document's POP, and nothing after it.
      if (this.#next !== events.length - 1) return undefined;
      this.positions.recordOffsets({ rootOffset, root: this.#members, locate: (offset) => this.#at(offset) });
      return { value, positions: this.positions, diagnostics: [] };
    } catch (error) {
      if (error === NOT_PLAIN) return undefined;
      throw error;
    }
  }

  #peek(): Event {
    const event = this.events[this.#next];
    if (event === undefined) throw NOT_PLAIN;
    return event;
  }

  #node(): JsonValue {
    const event = this.#peek();
    this.#next++;
    this.#members = undefined;
    switch (event.type) {
      case EVENT_ID.SCALAR:
        return this.#scalar(event);
      case EVENT_ID.MAPPING:
        if (event.anchorStart !== -1 || event.tagStart !== -1) throw NOT_PLAIN;
        // A `[a: 1]` entry: a map without braces inside a flow list, which `yaml` positions apart.
        if (event.style === 2 && this.text[event.start] !== '{') throw NOT_PLAIN;
        return this.#mapping();
      case EVENT_ID.SEQUENCE:
        if (event.anchorStart !== -1 || event.tagStart !== -1) throw NOT_PLAIN;
        return this.#sequence();
      default:
        throw NOT_PLAIN;
    }
  }

  #mapping(): JsonValue {
    const object: Record<string, JsonValue> = {};
    let members: OffsetNode | undefined;
    for (;;) {
      const keyEvent = this.#peek();
      if (keyEvent.type === EVENT_ID.POP) break;
      if (keyEvent.type !== EVENT_ID.SCALAR || keyEvent.valueStart === -1) throw NOT_PLAIN;
      // `yaml` refuses an implicit key over 1024 characters (KEY_OVER_1024_CHARS); js-yaml takes it.
      if (keyEvent.valueEnd - keyEvent.valueStart > 1000) throw NOT_PLAIN;
      this.#next++;
      const keyValue = this.#scalar(keyEvent);
      if (keyValue === null) throw NOT_PLAIN;
      const key = String(keyValue);
      if (Object.hasOwn(object, key)) throw NOT_PLAIN;
      const keyOffset = this.#startOf(keyEvent);
      const valueEvent = this.#peek();
      const empty = valueEvent.type === EVENT_ID.SCALAR && valueEvent.valueStart === -1;
      const valueOffset = empty ? keyOffset : this.#startOf(valueEvent);
      const value = this.#node();
      setMember(object, key, value);
      members ??= new OffsetNode('map');
      members.add(key, keyOffset, valueOffset, this.#members);
    }
    this.#next++;
    this.#members = members;
    return object;
  }

  #sequence(): JsonValue {
    const items: JsonValue[] = [];
    let members: OffsetNode | undefined;
    for (;;) {
      const item = this.#peek();
      if (item.type === EVENT_ID.POP) break;
      if (item.type === EVENT_ID.SCALAR && item.valueStart === -1) throw NOT_PLAIN;
      const valueOffset = this.#startOf(item);
      items.push(this.#node());
      members ??= new OffsetNode('list');
      members.add(undefined, -1, valueOffset, this.#members);
    }
    this.#next++;
    this.#members = members;
    return items;
  }

  /** As `yaml`'s core schema resolves it: plain scalars by its tests in its order, others as text. */
  #scalar(event: ScalarEvent): JsonValue {
    if (event.anchorStart !== -1 || event.tagStart !== -1) throw NOT_PLAIN;
    if (event.style === SCALAR_STYLE.LITERAL_BLOCK || event.style === SCALAR_STYLE.FOLDED_BLOCK)
      throw NOT_PLAIN;
    if (event.valueStart === -1) return null;
    if (!event.fast) {
      const newline = this.text.indexOf('\n', event.valueStart);
      if (newline !== -1 && newline < event.valueEnd) throw NOT_PLAIN;
    }
    const source = getScalarValue(this.text, event);
    if (!event.fast && source.includes('\0')) throw NOT_PLAIN;
    if (event.style !== SCALAR_STYLE.PLAIN) return source;
    const value = resolvePlain(source);
    if (typeof value === 'number' && !Number.isFinite(value)) throw NOT_PLAIN;
    return value;
  }

  /** Where `yaml` starts the node: at the opening quote of a quoted scalar. */
  #startOf(event: Event): number {
    if (event.type === EVENT_ID.SCALAR) {
      const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
      return quoted ? event.valueStart - 1 : event.valueStart;
    }
    if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) return event.start;
    throw NOT_PLAIN;
  }

  /** Line and column (1-based, in UTF-16 units as `yaml` counts) of an offset. */
  #at(offset: number): SourcePosition {
    const starts = this.#lineStarts ?? this.#findLineStarts();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { file: this.file, line: low + 1, column: offset - starts[low]! + 1 };
  }

  /** Worked out when a position is first asked for: most documents are never asked. */
  #findLineStarts(): number[] {
    const starts = [0];
    const text = this.text;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.#lineStarts = starts;
    return starts;
  }
}

/**
 * Adds a member as `Object.fromEntries` would: `__proto__` is a valid PostgreSQL name, and plain
 * assignment would change the prototype instead of adding a key.
 */
function setMember(object: Record<string, JsonValue>, key: string, value: JsonValue): void {
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** Every character a null, boolean or number of the core schema can start with. */
const CORE_SCHEMA_FIRST_CHARS = '~nNtTfF0123456789+-.';

/** The YAML 1.2 core schema's tests, in the order `yaml` 2 tries them (schema/core/schema.js). */
function resolvePlain(source: string): JsonValue {
  // Most plain scalars are names: none of the tests below matches a text starting otherwise.
  if (source !== '' && !CORE_SCHEMA_FIRST_CHARS.includes(source[0]!)) return source;
  if (/^(?:~|[Nn]ull|NULL)?$/.test(source)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(source)) return source[0] === 't' || source[0] === 'T';
  if (/^0o[0-7]+$/.test(source)) return Number.parseInt(source.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(source)) return Number.parseInt(source, 10);
  if (/^0x[0-9a-fA-F]+$/.test(source)) return Number.parseInt(source.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(source)) return Number.NaN;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source)) return Number.parseFloat(source);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)) return Number.parseFloat(source);
  return source;
}
