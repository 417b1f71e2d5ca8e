import type { RdsApiError } from './errors.js';
import { el, escapeXml, renderXml, type XmlElement } from './xml.js';

export const RDS_API_VERSION = '2014-10-31';
const NAMESPACE = `http://rds.amazonaws.com/doc/${RDS_API_VERSION}/`;

/**
 * `<OpResponse xmlns=…><OpResult>…</OpResult><ResponseMetadata>…</ResponseMetadata></OpResponse>`.
 * Operations without output (DeleteDBParameterGroup, the tag writers) carry no Result element.
 */
export function successDocument(
  action: string,
  result: readonly XmlElement[] | undefined,
  requestId: string,
): string {
  const body: XmlElement[] = [];
  if (result !== undefined) body.push(el(`${action}Result`, result));
  body.push(el('ResponseMetadata', [el('RequestId', requestId)]));
  return `<${action}Response xmlns="${escapeXml(NAMESPACE)}">${renderXml(body)}</${action}Response>\n`;
}

export function errorDocument(error: RdsApiError, requestId: string): string {
  const body = renderXml([
    el('Error', [el('Type', error.type), el('Code', error.code), el('Message', error.message)]),
    el('RequestId', requestId),
  ]);
  return `<ErrorResponse xmlns="${escapeXml(NAMESPACE)}">${body}</ErrorResponse>\n`;
}
