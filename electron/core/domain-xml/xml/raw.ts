import type { Document, Node } from '@xmldom/xmldom';

/**
 * Source text remembered for every node the lossless parser built. The serializer emits these
 * verbatim while the node is unchanged, so untouched XML keeps its exact bytes (quotes,
 * entity spelling, whitespace inside tags) even though the DOM itself forgets them.
 */
export interface AttrRaw {
  readonly name: string;
  readonly value: string;
  /** Leading whitespace + name + '=' + quoted value, exactly as written. */
  readonly raw: string;
}

export interface ElementRaw {
  readonly kind: 'element';
  /** `<name attrs...ws` up to (not including) `>` or `/>`. */
  readonly open: string;
  /** Whitespace between the last attribute and `>` / `/>`. */
  readonly tail: string;
  readonly attrs: readonly AttrRaw[];
  readonly selfClosing: boolean;
  /** `</name>` as written (null when self-closing). */
  readonly endTag: string | null;
  readonly hadChildren: boolean;
  /** Quote character the element used, reused for attributes we add to it. */
  readonly quote: "'" | '"';
  /** Whitespace before a top-level node (outside the root element). */
  readonly lead: string;
}

export interface LeafRaw {
  readonly kind: 'leaf';
  /** Decoded data at parse time; emit `raw` only while the node still holds it. */
  readonly data: string;
  readonly raw: string;
  readonly lead: string;
}

export interface DocumentRaw {
  readonly decl: string;
  readonly trailing: string;
  readonly quote: "'" | '"';
}

const nodeRaw = new WeakMap<Node, ElementRaw | LeafRaw>();
const docRaw = new WeakMap<Document, DocumentRaw>();

export function setRaw(node: Node, raw: ElementRaw | LeafRaw): void {
  nodeRaw.set(node, raw);
}

export function rawOf(node: Node): ElementRaw | LeafRaw | undefined {
  return nodeRaw.get(node);
}

export function setDocRaw(doc: Document, raw: DocumentRaw): void {
  docRaw.set(doc, raw);
}

export function docRawOf(doc: Document): DocumentRaw | undefined {
  return docRaw.get(doc);
}
