import type { Attr, Document, Element, Node } from '@xmldom/xmldom';
import { docRawOf, rawOf, type ElementRaw } from './raw';

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;
const PI = 7;
const COMMENT = 8;

/**
 * Serializes a document parsed by `parseLossless`: every node whose content still matches what
 * was parsed is written from its source text; only changed or new nodes are generated. So an
 * edit shows up in a diff as exactly the lines it touched.
 */
export function serializeLossless(doc: Document): string {
  const dr = docRawOf(doc);
  const quote = dr?.quote ?? "'";
  const out: string[] = [dr?.decl ?? ''];
  for (let n = doc.firstChild; n; n = n.nextSibling) {
    const raw = rawOf(n);
    out.push(raw ? raw.lead : '\n');
    writeNode(n, out, quote);
  }
  out.push(dr?.trailing ?? '');
  return out.join('');
}

/** Serializes one element subtree (used for diffs of a single device and in tests). */
export function serializeElement(el: Element): string {
  const out: string[] = [];
  const doc = el.ownerDocument;
  writeNode(el, out, (doc && docRawOf(doc)?.quote) ?? "'");
  return out.join('');
}

function writeNode(n: Node, out: string[], quote: "'" | '"'): void {
  const raw = rawOf(n);
  switch (n.nodeType) {
    case ELEMENT:
      writeElement(n as Element, raw?.kind === 'element' ? raw : undefined, out, quote);
      return;
    case TEXT: {
      const data = n.nodeValue ?? '';
      out.push(raw?.kind === 'leaf' && raw.data === data ? raw.raw : escapeText(data));
      return;
    }
    default: {
      const data = n.nodeValue ?? '';
      if (raw?.kind === 'leaf' && raw.data === data) out.push(raw.raw);
      else if (n.nodeType === COMMENT) out.push(`<!--${data}-->`);
      else if (n.nodeType === CDATA) out.push(`<![CDATA[${data}]]>`);
      else if (n.nodeType === PI) out.push(`<?${n.nodeName} ${data}?>`);
    }
  }
}

function writeElement(el: Element, raw: ElementRaw | undefined, out: string[], docQuote: "'" | '"'): void {
  const attrs = attributesOf(el);
  if (raw && sameAttrs(raw, attrs)) out.push(raw.open);
  else {
    const q = raw?.quote ?? docQuote;
    out.push('<', el.tagName);
    for (const a of attrs) {
      const old = raw?.attrs.find((r) => r.name === a.name && r.value === a.value);
      out.push(old ? old.raw : ` ${a.name}=${q}${escapeAttr(a.value, q)}${q}`);
    }
    out.push(raw?.tail ?? '');
  }
  if (el.firstChild) {
    out.push('>');
    for (let c: Node | null = el.firstChild; c; c = c.nextSibling) writeNode(c, out, raw?.quote ?? docQuote);
    out.push(raw?.endTag ?? `</${el.tagName}>`);
  } else if (raw && raw.endTag !== null && !raw.hadChildren) {
    out.push('>', raw.endTag); // keep `<x></x>` as written
  } else {
    out.push('/>');
  }
}

function attributesOf(el: Element): Attr[] {
  const list: Attr[] = [];
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (a) list.push(a);
  }
  return list;
}

function sameAttrs(raw: ElementRaw, attrs: Attr[]): boolean {
  return raw.attrs.length === attrs.length && raw.attrs.every((r, i) => r.name === attrs[i]?.name && r.value === attrs[i]?.value);
}

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string, q: "'" | '"'): string {
  const e = escapeText(s).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;').replace(/\r/g, '&#13;');
  return q === "'" ? e.replace(/'/g, '&apos;') : e.replace(/"/g, '&quot;');
}
