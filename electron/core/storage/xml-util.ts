// Small helpers shared by the storage and network XML builders: a tiny element tree rendered with
// escaping (no string concatenation of user input anywhere), and xmldom reading.
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';

export interface XmlNode {
  tag: string;
  attrs: [string, string][];
  children: XmlNode[];
  text?: string;
}

type AttrValue = string | number | boolean | undefined | null;
type Child = XmlNode | string | undefined | null | false;

/** `el('source', { name: 'x' }, el('host', { name: 'h' }))`; undefined/null attributes and children are skipped. */
export function el(tag: string, attrs: Record<string, AttrValue> = {}, ...children: Child[]): XmlNode {
  const node: XmlNode = { tag, attrs: [], children: [] };
  for (const [k, val] of Object.entries(attrs)) {
    if (val === undefined || val === null) continue;
    node.attrs.push([k, typeof val === 'boolean' ? (val ? 'yes' : 'no') : String(val)]);
  }
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (typeof c === 'string') node.text = (node.text ?? '') + c;
    else node.children.push(c);
  }
  return node;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export function renderXml(node: XmlNode, indent = ''): string {
  const attrs = node.attrs.map(([k, val]) => ` ${k}="${esc(val)}"`).join('');
  if (node.children.length === 0 && node.text === undefined) return `${indent}<${node.tag}${attrs}/>\n`;
  if (node.children.length === 0) return `${indent}<${node.tag}${attrs}>${esc(node.text ?? '')}</${node.tag}>\n`;
  const inner = node.children.map((c) => renderXml(c, `${indent}  `)).join('');
  return `${indent}<${node.tag}${attrs}>\n${inner}${indent}</${node.tag}>\n`;
}

export function parseXml(text: string): XmlElement {
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') throw new Error(`bad XML: ${msg}`);
    },
  }).parseFromString(text, 'text/xml');
  const root = doc.documentElement;
  if (!root) throw new Error('bad XML: no root element');
  return root;
}

/** Direct children named `name`. */
export function children(parent: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as XmlElement).tagName === name) out.push(n as XmlElement);
  }
  return out;
}

export function child(parent: XmlElement | undefined, name: string): XmlElement | undefined {
  return parent ? children(parent, name)[0] : undefined;
}

/** Follows a path of child names: `at(root, 'target', 'path')`. */
export function at(parent: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let cur = parent;
  for (const p of path) cur = child(cur, p);
  return cur;
}

export function attr(node: XmlElement | undefined, name: string): string | undefined {
  if (!node || !node.hasAttribute(name)) return undefined;
  return node.getAttribute(name) ?? undefined;
}

export function text(node: XmlElement | undefined): string | undefined {
  const t = node?.textContent;
  return t === null || t === undefined ? undefined : t.trim();
}
