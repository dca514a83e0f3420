/**
 * The small XPath subset properties are declared with, e.g. `./source/@file`, `./name`,
 * `./os/firmware/feature[@name='secure-boot']/@enabled`. A path without a final `@attr` names
 * the element itself (its text, or its presence for flags).
 */
export interface Step {
  readonly name: string;
  /** `[@k='v']` predicates: they select among siblings and are set on elements we create. */
  readonly preds: ReadonlyArray<readonly [string, string]>;
}

export interface SimplePath {
  readonly source: string;
  readonly steps: readonly Step[];
  readonly attr?: string;
}

const STEP = /^([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)((?:\[@[\w.:-]+='[^']*'\])*)$/;
const PRED = /\[@([\w.:-]+)='([^']*)'\]/g;

const cache = new Map<string, SimplePath>();

export function parsePath(source: string): SimplePath {
  const hit = cache.get(source);
  if (hit) return hit;
  if (source !== '.' && !source.startsWith('./')) throw new Error(`path must start with ./: ${source}`);
  const parts = source === '.' ? [] : source.slice(2).split('/');
  let attr: string | undefined;
  if (parts.at(-1)?.startsWith('@')) attr = parts.pop()?.slice(1);
  const steps = parts.map((part): Step => {
    const m = STEP.exec(part);
    if (!m?.[1]) throw new Error(`unsupported path step '${part}' in ${source}`);
    return { name: m[1], preds: [...(m[2] ?? '').matchAll(PRED)].map((p) => [p[1] ?? '', p[2] ?? ''] as const) };
  });
  const parsed: SimplePath = attr === undefined ? { source, steps } : { source, steps, attr };
  cache.set(source, parsed);
  return parsed;
}
