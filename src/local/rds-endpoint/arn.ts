import { invalidValue } from './errors.js';

/** The account every local resource belongs to (AWS's documentation placeholder account). */
export const LOCAL_ACCOUNT = '000000000000';

export type ResourceKind = 'pg' | 'db';

export interface ResourceName {
  readonly kind: ResourceKind;
  readonly name: string;
}

export function arnOf(region: string, kind: ResourceKind, name: string): string {
  return `arn:aws:rds:${region}:${LOCAL_ACCOUNT}:${kind}:${name}`;
}

/** `arn:aws:rds:<region>:000000000000:pg:<name>` or `…:db:<id>`; anything else is refused. */
export function parseArn(arn: string, region: string): ResourceName {
  const match = /^arn:aws:rds:([^:]*):([^:]*):(pg|db):([^:]+)$/.exec(arn);
  if (!match) {
    throw invalidValue(
      `Invalid resource name: ${arn}. Expected arn:aws:rds:${region}:${LOCAL_ACCOUNT}:pg:<name> or :db:<id>`,
    );
  }
  if (match[1] !== region || match[2] !== LOCAL_ACCOUNT) {
    throw invalidValue(`The specified resource name does not match an RDS resource in this region: ${arn}`);
  }
  return { kind: match[3] as ResourceKind, name: match[4]!.toLowerCase() };
}
