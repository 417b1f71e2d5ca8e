/**
 * A minimal XML writer for Query-protocol responses: elements with text or child elements, every
 * text escaped. `undefined` content omits the element (optional members RDS leaves out).
 */
export type XmlContent = string | number | boolean | undefined | readonly XmlElement[];

export interface XmlElement {
  readonly name: string;
  readonly content: XmlContent;
}

export function el(name: string, content: XmlContent): XmlElement {
  return { name, content };
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A raw CR would be normalised to LF by any XML parser; the reference keeps it.
  '\r': '&#13;',
};

/**
 * Escapes text for element content and attribute values. Characters XML 1.0 cannot carry at all
 * (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD rather than breaking the document.
 */
export function escapeXml(text: string): string {
  return text
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 cannot carry these; finding them is the point
      /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    )
    .replace(/[&<>"'\r]/g, (c) => ESCAPES[c]!);
}

export function renderXml(elements: readonly XmlElement[]): string {
  let out = '';
  for (const { name, content } of elements) {
    if (content === undefined) continue;
    const body = typeof content === 'object' ? renderXml(content) : escapeXml(String(content));
    out += `<${name}>${body}</${name}>`;
  }
  return out;
}
