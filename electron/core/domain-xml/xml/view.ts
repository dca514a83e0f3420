import type { Element } from '@xmldom/xmldom';
import { recordRead, recordWrite, registerProperty } from './coverage';
import type { Prop } from './props';

type AnyProp = Prop<any, boolean>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type PropMap = Readonly<Record<string, AnyProp>>;

type ValueOf<P> = P extends Prop<infer T, boolean> ? T | undefined : never;
type WritableKeys<P> = { [K in keyof P]: P[K] extends Prop<unknown, true> ? never : K }[keyof P];
type ReadOnlyKeys<P> = Exclude<keyof P, WritableKeys<P>>;

/** Instance shape of a view declared with `props`: one accessor per property. */
export type Values<P> = { -readonly [K in WritableKeys<P>]: ValueOf<P[K]> } & { readonly [K in ReadOnlyKeys<P>]: ValueOf<P[K]> };

/** A typed window onto one element; all state lives in the DOM, so views are cheap and disposable. */
export class XmlView {
  constructor(readonly el: Element) {}

  /** Plain values of every declared property, secrets masked: safe for logs and IPC. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const props = (this.constructor as ViewClass).props;
    for (const [key, prop] of Object.entries(props)) {
      const v = prop.get(this.el);
      if (v !== undefined) out[key] = prop.secret ? '***' : v;
    }
    return out;
  }

  /** console.log shows values (secrets masked), never the raw element. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${(this.constructor as ViewClass).viewName ?? 'view'} ${JSON.stringify(this.toJSON())}`;
  }
}

export interface ViewClass<I extends XmlView = XmlView> {
  new (el: Element): I;
  readonly viewName: string;
  /** Own and inherited property declarations. */
  readonly props: PropMap;
}

/**
 * Declares a view class from a property table, in the spirit of virtinst's XMLProperty:
 * `class Disk extends defineView('disk', { cache: str('./driver/@cache') }, DeviceBase) {}`.
 * Each property registers as `<name>.<key>` for the test coverage check.
 */
export function defineView<P extends PropMap, I extends XmlView = XmlView>(
  name: string,
  props: P,
  base?: ViewClass<I>,
): ViewClass<I & Values<P>> {
  const Base = (base ?? XmlView) as ViewClass;
  const View = class extends Base {};
  for (const [key, prop] of Object.entries(props)) {
    const id = `${name}.${key}`;
    registerProperty(id, prop.readOnly);
    Object.defineProperty(View.prototype, key, {
      configurable: true,
      enumerable: true,
      get(this: XmlView) {
        recordRead(id);
        return prop.get(this.el);
      },
      set(this: XmlView, v: unknown) {
        if (prop.readOnly) throw new TypeError(`${id} is read-only`);
        recordWrite(id);
        prop.set(this.el, v);
      },
    });
  }
  Object.defineProperty(View, 'viewName', { value: name });
  Object.defineProperty(View, 'props', { value: { ...(base?.props ?? {}), ...props } });
  return View as unknown as ViewClass<I & Values<P>>;
}
