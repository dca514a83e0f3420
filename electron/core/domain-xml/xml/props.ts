import type { Element } from '@xmldom/xmldom';
import { parsePath, type SimplePath } from './path';
import { docOf, ensureElement, findElement, pruneEmpty, removeElement } from './tree';
import { toKiB } from './units';

/** A typed value bound to a path under a view's element; `undefined` means absent/cleared. */
export interface Prop<T, RO extends boolean = false> {
  readonly kind: string;
  readonly path: string;
  readonly readOnly: RO;
  /** Masked in toJSON/log output (e.g. graphics passwords). */
  readonly secret: boolean;
  get(root: Element): T | undefined;
  set(root: Element, value: T | undefined): void;
}

interface Options {
  secret?: boolean;
}

/** Reads the string at a path: attribute value, or element text. */
export function readString(root: Element, path: SimplePath): string | undefined {
  const el = findElement(root, path);
  if (!el) return undefined;
  if (path.attr === undefined) return el.textContent ?? '';
  return el.hasAttribute(path.attr) ? (el.getAttribute(path.attr) ?? '') : undefined;
}

/** Writes (or with undefined, removes and prunes) the string at a path. */
export function writeString(root: Element, path: SimplePath, value: string | undefined): void {
  if (value === undefined) {
    const el = findElement(root, path);
    if (!el) return;
    if (path.attr === undefined) {
      if (el !== root) removeElement(el);
    } else el.removeAttribute(path.attr);
    pruneEmpty(root, path);
    return;
  }
  const el = ensureElement(root, path);
  if (path.attr !== undefined) {
    if (el.getAttribute(path.attr) !== value || !el.hasAttribute(path.attr)) el.setAttribute(path.attr, value);
    return;
  }
  if (el.textContent === value && el.childNodes.length <= 1) return;
  while (el.firstChild) el.removeChild(el.firstChild);
  if (value !== '') el.appendChild(docOf(el).createTextNode(value));
}

function codec<T>(kind: string, source: string, dec: (s: string) => T | undefined, enc: (v: T) => string, opts?: Options): Prop<T> {
  const path = parsePath(source);
  return {
    kind,
    path: source,
    readOnly: false,
    secret: opts?.secret ?? false,
    get: (root) => {
      const s = readString(root, path);
      return s === undefined ? undefined : dec(s);
    },
    set: (root, v) => writeString(root, path, v === undefined ? undefined : enc(v)),
  };
}

export function str<T extends string = string>(path: string, opts?: Options): Prop<T> {
  return codec<T>('string', path, (s) => s as T, (v) => v, opts);
}

/** Decimal integer; unparsable text reads as undefined (validation reports it). */
export function int(path: string): Prop<number> {
  return codec('int', path, (s) => (/^\s*[-+]?\d+\s*$/.test(s) ? Number(s) : undefined), (v) => String(Math.trunc(v)));
}

/** Integer written as 0x-prefixed hex padded to `width` digits (PCI addresses, USB ids). */
export function hex(path: string, width: number): Prop<number> {
  return codec(
    'hex',
    path,
    (s) => {
      const t = s.trim();
      if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
      return /^\d+$/.test(t) ? Number(t) : undefined;
    },
    (v) => `0x${v.toString(16).padStart(width, '0')}`,
  );
}

function twoWord(kind: string, path: string, on: string, off: string): Prop<boolean> {
  return codec(kind, path, (s) => (s === on ? true : s === off ? false : undefined), (v) => (v ? on : off));
}

export const yesNo = (path: string): Prop<boolean> => twoWord('yes/no', path, 'yes', 'no');
export const onOff = (path: string): Prop<boolean> => twoWord('on/off', path, 'on', 'off');

/** Presence of an element such as `<readonly/>`; false/undefined removes it. */
export function flag(source: string): Prop<boolean> {
  const path = parsePath(source);
  return {
    kind: 'flag',
    path: source,
    readOnly: false,
    secret: false,
    get: (root) => findElement(root, path) !== null,
    set: (root, v) => {
      if (v) ensureElement(root, path);
      else {
        const el = findElement(root, path);
        if (el && el !== root) removeElement(el);
        pruneEmpty(root, path);
      }
    },
  };
}

/**
 * A size stored as a number plus a unit somewhere else (`<memory unit='GiB'>4</memory>`,
 * `<page size='2' unit='M'/>`). Reads convert to KiB; writes store KiB with unit='KiB'.
 */
export function sizeKiB(valuePath: string, unitPath: string): Prop<number> {
  const vp = parsePath(valuePath);
  const up = parsePath(unitPath);
  return {
    kind: 'size',
    path: valuePath,
    readOnly: false,
    secret: false,
    get: (root) => {
      const s = readString(root, vp);
      if (s === undefined || !/^\s*\d+\s*$/.test(s)) return undefined;
      return toKiB(Number(s), readString(root, up));
    },
    set: (root, v) => {
      const cur = readString(root, vp);
      if (v !== undefined && cur !== undefined && toKiB(Number(cur), readString(root, up)) === v) return;
      if (v === undefined) {
        writeString(root, up, undefined);
        writeString(root, vp, undefined);
        return;
      }
      writeString(root, vp, String(Math.trunc(v)));
      writeString(root, up, 'KiB');
    },
  };
}

/** Marks a property read-only for views (listing-only data such as controllers). */
export function readOnly<T>(p: Prop<T>): Prop<T, true> {
  return {
    ...p,
    readOnly: true,
    set: () => {
      throw new Error(`${p.path} is read-only`);
    },
  };
}
