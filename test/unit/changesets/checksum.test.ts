import { describe, expect, it } from 'vitest';
import { canonicalJson, changesetChecksum } from '../../../src/changesets/checksum.js';
import { validateTexts } from './helpers.js';

const original = `# yaml-language-server: $schema=../schemas/changeset.schema.json
version: 2
description: Replicate invoices
source:
  grants:
    replicator:
      select:
        public.invoices: {}
  publications:
    my_publication:
      publish: [insert, update]
      tables: { public.invoices: {} }
`;

function checksumOf(text: string): string {
  const base = 'version: 1\ndescription: base\nsource: { roles: { replicator: { replication: true } } }\n';
  const result = validateTexts({ '0001-a.yaml': base, '0002-b.yaml': text });
  expect(result.diagnostics).toEqual([]);
  return result.changesets[1]!.checksum;
}

describe('changeset checksums', () => {
  const reference = checksumOf(original);

  it('has the versioned format', () => expect(reference).toMatch(/^v1:sha256:[0-9a-f]{64}$/));

  it.each([
    [
      'comments removed and added',
      original.replace(/^#.*\n/, '').replace('version: 2', 'version: 2 # second'),
    ],
    ['CRLF line endings', original.replaceAll('\n', '\r\n')],
    ['no trailing newline', original.trimEnd()],
    [
      'flow style instead of block style',
      'version: 2\ndescription: "Replicate invoices"\nsource: { grants: { replicator: { select: { public.invoices: {} } } }, publications: { my_publication: { publish: [insert, update], tables: { public.invoices: {} } } } }\n',
    ],
    [
      'keys in another order and other indentation',
      `source:
    publications:
        my_publication:
            tables: { public.invoices: {} }
            publish:
                - insert
                - update
    grants: { replicator: { select: { public.invoices: {} } } }
description: 'Replicate invoices'
version: 2
`,
    ],
  ])('does not change with %s', (_what, text) => {
    expect(checksumOf(text)).toBe(reference);
  });

  it.each([
    ['a changed description', original.replace('Replicate invoices', 'Replicate invoices!')],
    ['a list in another order', original.replace('[insert, update]', '[update, insert]')],
    ['a member removed', original.replace('      tables: { public.invoices: {} }\n', '')],
    ['a key renamed', original.replace('my_publication', 'my_pub')],
  ])('changes with %s', (_what, text) => {
    expect(checksumOf(text)).not.toBe(reference);
  });

  it('is worked out on first use but reads as a plain field: copied by spread and JSON, the same each time', () => {
    const changeset = validateTexts({ '0001-a.yaml': original.replace('version: 2', 'version: 1') })
      .changesets[0]!;
    const descriptor = Object.getOwnPropertyDescriptor(changeset, 'checksum');
    expect(descriptor?.get).toBeTypeOf('function');
    expect(descriptor?.enumerable).toBe(true);
    const first = changeset.checksum;
    expect(first).toBe(changesetChecksum(changeset.document as never));
    expect(changeset.checksum).toBe(first);
    expect({ ...changeset }.checksum).toBe(first);
    expect(JSON.parse(JSON.stringify(changeset)).checksum).toBe(first);
  });

  it('canonical JSON sorts keys at every level and keeps list order', () => {
    expect(canonicalJson({ b: [2, 1], a: { d: 1, c: null } })).toBe('{"a":{"c":null,"d":1},"b":[2,1]}');
  });

  it('distinguishes types that print alike', () => {
    expect(changesetChecksum({ a: '1' })).not.toBe(changesetChecksum({ a: 1 }));
    expect(changesetChecksum({ a: 'true' })).not.toBe(changesetChecksum({ a: true }));
  });
});
