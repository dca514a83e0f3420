// Where the running instance differs from the definition, as field paths with both values, so
// the UI can mark "running with X, next start Y" without holding two configs.
import type { LiveDifference, VmConfig } from '../../../../preload/contract/hardware';

/** Values that exist only on one side by nature and would only be noise. */
const IGNORED = new Set(['state']);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function walk(path: string, a: unknown, b: unknown, out: LiveDifference[]): void {
  if (same(a, b)) return;
  const objects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b);
  if (!objects) {
    out.push({ path, config: a ?? null, live: b ?? null });
    return;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
    if (!IGNORED.has(k)) walk(`${path}.${k}`, ao[k], bo[k], out);
  }
}

export function liveDifferences(config: VmConfig, live: VmConfig): LiveDifference[] {
  const out: LiveDifference[] = [];
  for (const part of ['general', 'memory', 'vcpus', 'boot'] as const) walk(part, config[part], live[part], out);
  walk('pinning.pins', config.pinning.pins, live.pinning.pins, out);
  const liveById = new Map(live.devices.map((d) => [d.id, d]));
  const configIds = new Set(config.devices.map((d) => d.id));
  for (const d of config.devices) {
    const l = liveById.get(d.id);
    if (!l) out.push({ path: `devices.${d.id}`, config: d.summary, live: null });
    else walk(`devices.${d.id}`, d.props, l.props, out);
  }
  for (const l of live.devices) if (!configIds.has(l.id)) out.push({ path: `devices.${l.id}`, config: null, live: l.summary });
  return out;
}
