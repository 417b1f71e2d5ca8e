import { parseXML } from '@aws-sdk/xml-builder';
import { describe, expect, it } from 'vitest';
import { RdsApiError } from '../../../src/local/rds-endpoint/errors.js';
import { errorDocument, successDocument } from '../../../src/local/rds-endpoint/responses.js';
import { el, escapeXml, renderXml } from '../../../src/local/rds-endpoint/xml.js';

describe('escapeXml', () => {
  it('escapes markup characters', () => {
    expect(escapeXml(`a&b<c>"d'`)).toBe('a&amp;b&lt;c&gt;&quot;d&apos;');
  });

  it('replaces characters XML cannot carry', () => {
    expect(escapeXml('a\u0001b\uD800c')).toBe('a\uFFFDb\uFFFDc');
    expect(escapeXml('tab\tnew\nline')).toBe('tab\tnew\nline');
  });

  it('keeps astral characters whole', () => {
    expect(escapeXml('🐘')).toBe('🐘');
  });

  it('round-trips through the SDK XML parser', () => {
    const text = `weird & <tags> "quotes" 'apos' \r\n🐘 ünï`;
    const parsed = parseXML(`<R><V>${escapeXml(text)}</V></R>`) as { R: { V: string } };
    expect(parsed.R.V).toBe(text);
  });
});

describe('renderXml', () => {
  it('renders nested elements, omits undefined and keeps empty lists', () => {
    expect(
      renderXml([el('A', [el('B', 1), el('C', undefined), el('D', true)]), el('E', []), el('F', 'x<y')]),
    ).toBe('<A><B>1</B><D>true</D></A><E></E><F>x&lt;y</F>');
  });
});

describe('Query protocol envelopes', () => {
  it('wraps a result and the request id', () => {
    expect(successDocument('DescribeDBParameters', [el('Marker', 'm')], 'rid')).toBe(
      '<DescribeDBParametersResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">' +
        '<DescribeDBParametersResult><Marker>m</Marker></DescribeDBParametersResult>' +
        '<ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></DescribeDBParametersResponse>\n',
    );
  });

  it('leaves out the Result element for operations without output', () => {
    expect(successDocument('DeleteDBParameterGroup', undefined, 'rid')).not.toContain('Result');
  });

  it('renders errors with Type, Code, Message and RequestId', () => {
    const doc = errorDocument(
      new RdsApiError('DBParameterGroupNotFound', 'DBParameterGroup not found: x&y'),
      'rid',
    );
    const parsed = parseXML(doc) as {
      ErrorResponse: { Error: { Type: string; Code: string; Message: string }; RequestId: string };
    };
    expect(parsed.ErrorResponse.Error).toEqual({
      Type: 'Sender',
      Code: 'DBParameterGroupNotFound',
      Message: 'DBParameterGroup not found: x&y',
    });
    expect(parsed.ErrorResponse.RequestId).toBe('rid');
  });

  it('marks service failures as Receiver faults', () => {
    expect(errorDocument(new RdsApiError('ServiceUnavailable', 'down'), 'r')).toContain(
      '<Type>Receiver</Type>',
    );
    expect(new RdsApiError('ServiceUnavailable', 'down').status).toBe(503);
    expect(new RdsApiError('Throttling', 'slow').status).toBe(400);
  });
});
