import type { Element } from '@xmldom/xmldom';
import { DomainXmlError } from '../errors';
import { parsePath } from '../xml/path';
import { childElements, createChild, ensureElement, findElement, removeElement } from '../xml/tree';
import type { DeviceKind, DeviceView } from './base';

/** Index within the kind, key (target dev, MAC, …), or alias name. */
export type DeviceId = number | string | { readonly alias: string };

/** Settable values of a view, for add(). */
export type DeviceInit<V> = { [K in keyof V]?: V[K] extends (...args: never[]) => unknown ? never : V[K] };

const DEVICES = parsePath('./devices');

/** Read access to one device kind; controllers stop here. */
export class ReadonlyDeviceList<V extends DeviceView> {
  constructor(
    protected readonly root: Element,
    protected readonly kind: DeviceKind<V>,
  ) {}

  all(): V[] {
    const devices = findElement(this.root, DEVICES);
    return devices ? childElements(devices, this.kind.tag).map((el) => new this.kind.View(el)) : [];
  }

  get length(): number {
    return this.all().length;
  }

  find(id: DeviceId): V | undefined {
    const all = this.all();
    if (typeof id === 'number') return all[id];
    if (typeof id === 'object') return all.find((d) => d.alias === id.alias);
    const want = id.toLowerCase();
    return all.find((d) => this.kind.key?.(d)?.toLowerCase() === want) ?? all.find((d) => d.alias === id);
  }
}

export class DeviceList<V extends DeviceView> extends ReadonlyDeviceList<V> {
  /** Appends a new device after the last one of its kind and applies `init` through the view. */
  add(init: DeviceInit<V> = {}): V {
    const el = createChild(ensureElement(this.root, DEVICES), this.kind.tag);
    const view = new this.kind.View(el);
    Object.assign(view, { ...this.kind.defaults, ...init });
    this.kind.prepare?.(view, this.root);
    return view;
  }

  /** Removes the device and returns it; unknown ids throw (the UI had a stale list). */
  remove(id: DeviceId | V): V {
    const found = typeof id === 'object' && 'el' in id ? this.all().find((d) => d.el === id.el) : this.find(id);
    if (!found) throw new DomainXmlError(`no ${this.kind.tag} device ${describe(id)}`, 'not-found');
    removeElement(found.el);
    return found;
  }
}

function describe(id: unknown): string {
  if (typeof id === 'object' && id && 'alias' in id) return `with alias ${String(id.alias)}`;
  return typeof id === 'number' ? `at index ${id}` : typeof id === 'string' ? `'${id}'` : '(view)';
}
