/**
 * What `replctl import` tells the user besides the changeset it writes, on stderr:
 * - `unexpressible`: the live state holds something the changeset format cannot say; it is left
 *   as it is, unmanaged (replctl never touches what no changeset mentions);
 * - `excluded`: an object import saw but did not bring under management, and why;
 * - `note`: a decision import made (a password reference it named, an explicit column list, a
 *   step the first plan will still show).
 */
export interface ImportFinding {
  readonly kind: 'unexpressible' | 'excluded' | 'note';
  /** The object, as people name it: `role replicator`, `publication my_publication`. */
  readonly object: string;
  readonly message: string;
}

const HEADINGS: Readonly<Record<ImportFinding['kind'], string>> = {
  unexpressible: 'Live state the changeset format cannot express (left as it is, not managed):',
  excluded: 'Not imported:',
  note: 'Notes:',
};

/** The findings grouped under a heading per kind, one `- object: message` line each. */
export function formatFindings(findings: readonly ImportFinding[]): string {
  const sections: string[] = [];
  for (const kind of ['unexpressible', 'excluded', 'note'] as const) {
    const lines = findings.filter((f) => f.kind === kind).map((f) => `  - ${f.object}: ${f.message}`);
    if (lines.length > 0) sections.push([HEADINGS[kind], ...lines].join('\n'));
  }
  return sections.join('\n');
}
