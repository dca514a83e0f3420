import type { Document, Element, Node } from '@xmldom/xmldom';
import { CHILD_ORDER } from './order';
import type { SimplePath, Step } from './path';

const ELEMENT = 1;
const TEXT = 3;
const INDENT_UNIT = '  ';

export function docOf(el: Element): Document {
  const doc = el.ownerDocument;
  if (!doc) throw new Error('element has no owner document');
  return doc;
}

export function childElements(parent: Element, name?: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === ELEMENT && (name === undefined || (n as Element).tagName === name)) out.push(n as Element);
  }
  return out;
}

function matches(el: Element, step: Step): boolean {
  return el.tagName === step.name && step.preds.every(([k, v]) => el.getAttribute(k) === v);
}

/** The element a path names, or null if any step is missing (nothing is created). */
export function findElement(root: Element, path: SimplePath): Element | null {
  let cur: Element | null = root;
  for (const step of path.steps) {
    cur = childElements(cur).find((c) => matches(c, step)) ?? null;
    if (!cur) return null;
  }
  return cur;
}

/** Like findElement, but creates missing steps (in libvirt's child order, with predicate attrs). */
export function ensureElement(root: Element, path: SimplePath): Element {
  let cur = root;
  for (const step of path.steps) {
    let next = childElements(cur).find((c) => matches(c, step));
    if (!next) {
      next = docOf(cur).createElementNS(cur.namespaceURI, step.name);
      for (const [k, v] of step.preds) next.setAttribute(k, v);
      insertOrdered(cur, next);
    }
    cur = next;
  }
  return cur;
}

/**
 * After a value was cleared, removes the path's elements from the deepest up while they are
 * empty (no attributes beyond their own predicates, no content), never the root itself.
 */
export function pruneEmpty(root: Element, path: SimplePath): void {
  const chain: Array<[Element, Step]> = [];
  let cur: Element = root;
  for (const step of path.steps) {
    const next = childElements(cur).find((c) => matches(c, step));
    if (!next) break;
    chain.push([next, step]);
    cur = next;
  }
  for (const [el, step] of chain.reverse()) {
    if (!isEmpty(el, step)) return;
    removeElement(el);
  }
}

function isEmpty(el: Element, step: Step): boolean {
  for (let i = 0; i < el.attributes.length; i++) {
    const name = el.attributes.item(i)?.name;
    if (!step.preds.some(([k]) => k === name)) return false;
  }
  for (let n = el.firstChild; n; n = n.nextSibling) if (!isBlank(n)) return false;
  return true;
}

function isBlank(n: Node): boolean {
  return n.nodeType === TEXT && /^[ \t\r\n]*$/.test(n.nodeValue ?? '');
}

/** Whitespace text right before `el`, if it holds a line break (i.e. the document is indented). */
function leadingBreak(el: Element): string | null {
  const prev = el.previousSibling;
  if (el.parentNode?.nodeType !== ELEMENT) return '\n';
  return prev && isBlank(prev) && (prev.nodeValue ?? '').includes('\n') ? (prev.nodeValue ?? '') : null;
}

function childBreak(parent: Element): string | null {
  const kids = childElements(parent);
  for (const c of kids) {
    const ws = leadingBreak(c);
    if (ws !== null) return ws;
  }
  if (kids.length) return null; // siblings sit on one line: stay compact
  const own = leadingBreak(parent);
  if (own === null) return null;
  return `\n${own.slice(own.lastIndexOf('\n') + 1)}${INDENT_UNIT}`;
}

/** Inserts `child` before `ref` (or at the end), adding indentation like its siblings'. */
export function insertChild(parent: Element, child: Element, ref: Element | null): void {
  const doc = docOf(parent);
  const ws = childBreak(parent);
  if (ws === null) {
    parent.insertBefore(child, ref);
    return;
  }
  if (ref) {
    parent.insertBefore(child, ref);
    parent.insertBefore(doc.createTextNode(ws), ref);
    return;
  }
  const last = childElements(parent).at(-1);
  if (last) {
    const text = doc.createTextNode(ws);
    parent.insertBefore(text, last.nextSibling);
    parent.insertBefore(child, text.nextSibling);
    return;
  }
  const close = leadingBreak(parent);
  let onlyBlank = true;
  for (let n = parent.firstChild; n; n = n.nextSibling) if (!isBlank(n)) onlyBlank = false;
  if (!onlyBlank) {
    parent.appendChild(child);
    return;
  }
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  parent.appendChild(doc.createTextNode(ws));
  parent.appendChild(child);
  if (close !== null) parent.appendChild(doc.createTextNode(close));
}

/** Inserts `child` among `parent`'s children at libvirt's usual position for its tag. */
export function insertOrdered(parent: Element, child: Element): void {
  const order = CHILD_ORDER[parent.tagName];
  const rank = order?.indexOf(child.tagName) ?? -1;
  if (!order || rank < 0) {
    insertChild(parent, child, null);
    return;
  }
  const siblings = childElements(parent);
  // After the last sibling of the same or an earlier kind; before the first later one.
  const ref = siblings.find((s) => {
    const r = order.indexOf(s.tagName);
    return r > rank;
  });
  const lastSame = siblings.filter((s) => {
    const r = order.indexOf(s.tagName);
    return r >= 0 && r <= rank;
  }).at(-1);
  if (lastSame) {
    const after = siblings[siblings.indexOf(lastSame) + 1] ?? null;
    insertChild(parent, child, after);
  } else insertChild(parent, child, ref ?? null);
}

/** Removes an element and the indentation in front of it; empties parents collapse to `<x/>`. */
export function removeElement(el: Element): void {
  const parent = el.parentNode as Element | null;
  if (!parent) return;
  const prev = el.previousSibling;
  if (prev && isBlank(prev)) parent.removeChild(prev);
  parent.removeChild(el);
  if (parent.nodeType !== ELEMENT) return;
  let onlyBlank = true;
  for (let n = parent.firstChild; n; n = n.nextSibling) if (!isBlank(n)) onlyBlank = false;
  if (onlyBlank) while (parent.firstChild) parent.removeChild(parent.firstChild);
}

/** Creates `<tag/>` under `parent` at its ordered position (after existing same-tag siblings). */
export function createChild(parent: Element, tag: string): Element {
  const el = docOf(parent).createElementNS(parent.namespaceURI, tag);
  insertOrdered(parent, el);
  return el;
}
