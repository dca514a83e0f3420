import { DOMImplementation, DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { DomainXmlError } from '../errors';
import { setDocRaw, setRaw, type AttrRaw } from './raw';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const NAME = /[^\s/>=<'"!?]+/y;
const WS = /[ \t\r\n]*/y;

interface Pending {
  el: Element;
  open: string;
  tail: string;
  attrs: AttrRaw[];
  quote: "'" | '"';
  lead: string;
  scope: Map<string, string | null>;
}

/**
 * Parses XML into an xmldom Document while recording each node's source text (see raw.ts), so
 * `serializeLossless` can reproduce untouched parts byte-for-byte. xmldom's own strict parser runs
 * first as the well-formedness check; this scanner then only has to slice, not judge.
 */
export function parseLossless(src: string): Document {
  checkWellFormed(src);
  const doc = new DOMImplementation().createDocument(null, '', null);
  const stack: Pending[] = [];
  const rootScope = new Map<string, string | null>([['xml', XML_NS]]);
  let pos = 0;
  let lead = '';
  let decl = '';
  let docQuote: "'" | '"' | undefined;

  const fail = (msg: string): never => {
    throw new DomainXmlError(`${msg} at ${lineCol(src, pos)}`, 'malformed');
  };
  const until = (marker: string): number => {
    const end = src.indexOf(marker, pos);
    if (end < 0) fail(`missing '${marker}'`);
    return end + marker.length;
  };
  const attach = (node: Node, raw: string, data: string): void => {
    const top = stack.at(-1);
    setRaw(node, { kind: 'leaf', data, raw, lead: top ? '' : lead });
    if (top) top.el.appendChild(node);
    else {
      doc.appendChild(node);
      lead = '';
    }
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(src);
    if (!m) return fail('expected a name');
    pos = NAME.lastIndex;
    return m[0];
  };
  const skipWs = (): void => {
    WS.lastIndex = pos;
    WS.exec(src);
    pos = WS.lastIndex;
  };

  if (src.startsWith('<?xml') && /\s/.test(src[5] ?? '')) {
    pos = until('?>');
    decl = src.slice(0, pos);
  }
  while (pos < src.length) {
    const start = pos;
    if (src[pos] !== '<') {
      const next = src.indexOf('<', pos);
      pos = next < 0 ? src.length : next;
      const raw = src.slice(start, pos);
      const top = stack.at(-1);
      if (top) top.el.appendChild(textNode(doc, raw));
      else if (/^[ \t\r\n]*$/.test(raw)) lead += raw;
      else fail('text outside the root element');
      continue;
    }
    if (src.startsWith('<!--', pos)) {
      pos = until('-->');
      attach(doc.createComment(src.slice(start + 4, pos - 3)), src.slice(start, pos), src.slice(start + 4, pos - 3));
    } else if (src.startsWith('<![CDATA[', pos)) {
      pos = until(']]>');
      const data = src.slice(start + 9, pos - 3);
      attach(doc.createCDATASection(data), src.slice(start, pos), data);
    } else if (src.startsWith('<!', pos)) {
      // libvirt never emits DOCTYPE; refusing it also rules out entity-expansion tricks.
      fail('DOCTYPE and other declarations are not supported');
    } else if (src.startsWith('<?', pos)) {
      pos += 2;
      const target = readName();
      pos = until('?>');
      const data = src.slice(start + 2 + target.length, pos - 2).replace(/^[ \t\r\n]+/, '');
      attach(doc.createProcessingInstruction(target, data), src.slice(start, pos), data);
    } else if (src.startsWith('</', pos)) {
      pos += 2;
      const name = readName();
      skipWs();
      if (src[pos] !== '>') fail('expected >');
      pos++;
      const p = stack.pop();
      if (!p || p.el.tagName !== name) return fail(`unexpected </${name}>`);
      finish(p, false, src.slice(start, pos));
    } else {
      pos++;
      const name = readName();
      const attrs: AttrRaw[] = [];
      let selfClosing = false;
      let tail = '';
      for (;;) {
        const wsStart = pos;
        skipWs();
        if (src.startsWith('/>', pos) || src[pos] === '>') {
          tail = src.slice(wsStart, pos);
          selfClosing = src[pos] === '/';
          break;
        }
        if (pos === wsStart) fail('expected whitespace between attributes');
        const aname = readName();
        skipWs();
        if (src[pos] !== '=') fail('expected =');
        pos++;
        skipWs();
        const q = src[pos];
        if (q !== "'" && q !== '"') return fail('expected a quoted attribute value');
        docQuote ??= q;
        const valueStart = ++pos;
        pos = until(q);
        attrs.push({ name: aname, value: decode(src.slice(valueStart, pos - 1), true), raw: src.slice(wsStart, pos) });
      }
      const open = src.slice(start, pos);
      pos += selfClosing ? 2 : 1;
      const parent = stack.at(-1);
      const scope = new Map(parent?.scope ?? rootScope);
      for (const a of attrs) {
        if (a.name === 'xmlns') scope.set('', a.value || null);
        else if (a.name.startsWith('xmlns:')) scope.set(a.name.slice(6), a.value);
      }
      const nsOf = (qname: string, isAttr: boolean): string | null => {
        if (qname === 'xmlns' || qname.startsWith('xmlns:')) return XMLNS_NS;
        const colon = qname.indexOf(':');
        if (colon < 0) return isAttr ? null : (scope.get('') ?? null);
        const ns = scope.get(qname.slice(0, colon));
        return ns === undefined ? fail(`undeclared prefix in ${qname}`) : ns;
      };
      const el = doc.createElementNS(nsOf(name, false), name);
      for (const a of attrs) el.setAttributeNS(nsOf(a.name, true), a.name, a.value);
      const quote = attrs[0] ? (attrs[0].raw.match(/=\s*(['"])/)?.[1] as "'" | '"') : (parent?.quote ?? docQuote ?? "'");
      const p: Pending = { el, open, tail, attrs, quote, lead: parent ? '' : lead, scope };
      if (parent) parent.el.appendChild(el);
      else {
        doc.appendChild(el);
        lead = '';
      }
      if (selfClosing) finish(p, true, null);
      else stack.push(p);
    }
  }
  if (stack.length) fail(`unclosed <${stack.at(-1)?.el.tagName}>`);
  setDocRaw(doc, { decl, trailing: lead, quote: docQuote ?? "'" });
  return doc;
}

function finish(p: Pending, selfClosing: boolean, endTag: string | null): void {
  setRaw(p.el, {
    kind: 'element',
    open: p.open,
    tail: p.tail,
    attrs: p.attrs,
    selfClosing,
    endTag,
    hadChildren: p.el.firstChild !== null,
    quote: p.quote,
    lead: p.lead,
  });
}

function textNode(doc: Document, raw: string): Node {
  const node = doc.createTextNode(decode(raw, false));
  setRaw(node, { kind: 'leaf', data: decode(raw, false), raw, lead: '' });
  return node;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(raw: string, attr: boolean): string {
  let s = raw.replace(/\r\n?/g, '\n');
  if (attr) s = s.replace(/[\t\n]/g, ' ');
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

function checkWellFormed(src: string): void {
  const parser = new DOMParser({
    onError(level, message) {
      if (level !== 'warning') throw new DomainXmlError(`malformed XML: ${message}`, 'malformed');
    },
  });
  try {
    parser.parseFromString(src, 'text/xml');
  } catch (e) {
    if (e instanceof DomainXmlError) throw e;
    throw new DomainXmlError(`malformed XML: ${(e as Error).message}`, 'malformed');
  }
}

function lineCol(src: string, pos: number): string {
  const before = src.slice(0, pos);
  const line = before.split('\n').length;
  return `line ${line}, column ${pos - before.lastIndexOf('\n')}`;
}
