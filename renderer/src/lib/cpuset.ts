// libvirt cpusets ('0-3,^2,8') ↔ sets of CPU ids, and the pinning grid's range selection.

/** Parses a cpuset; throws on syntax errors. Exclusions (^n) apply to what came before. */
export function parseCpuset(text: string): Set<number> {
  const out = new Set<number>();
  const s = text.trim();
  if (!s) return out;
  for (const raw of s.split(',')) {
    const part = raw.trim();
    const neg = part.startsWith('^');
    const body = neg ? part.slice(1) : part;
    const m = /^(\d+)(?:-(\d+))?$/.exec(body);
    if (!m) throw new Error(`'${part}' is not a CPU number or range`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new Error(`range '${body}' runs backwards`);
    if (neg && m[2] !== undefined) throw new Error(`'${part}': only single CPUs can be excluded`);
    for (let i = a; i <= b; i++) {
      if (neg) out.delete(i);
      else out.add(i);
    }
  }
  return out;
}

/** The shortest plain form: sorted, runs of 3+ as ranges ('0-3,5,7-9'); '' for none. */
export function formatCpuset(cpus: Iterable<number>): string {
  const ids = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${ids[i]}-${ids[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(ids[k]));
    i = j + 1;
  }
  return parts.join(',');
}

/** Same CPUs? (cpusets compared by meaning, not spelling). */
export function sameCpuset(a: string | null, b: string | null): boolean {
  const sa = a ? parseCpuset(a) : new Set<number>();
  const sb = b ? parseCpuset(b) : new Set<number>();
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** Pinning grid: vCPU → pinned host CPUs (absent/empty: not pinned, runs anywhere). */
export type PinGrid = Map<number, Set<number>>;

export function gridFromPins(pins: { vcpu: number; cpuset: string }[]): PinGrid {
  return new Map(pins.map((p) => [p.vcpu, parseCpuset(p.cpuset)]));
}

/**
 * A click on cell (vcpu, cpu): toggles it. With `anchor` (shift-click), every cell of the
 * rectangle between the anchor and this cell takes the anchor cell's state. `columns` is the
 * grid's column order (host CPU ids as displayed), so ranges follow what the user sees.
 */
export function toggleCells(grid: PinGrid, vcpu: number, cpu: number, columns: number[], anchor?: { vcpu: number; cpu: number; on: boolean }): PinGrid {
  const next: PinGrid = new Map([...grid].map(([k, v]) => [k, new Set(v)]));
  const row = (v: number) => {
    let s = next.get(v);
    if (!s) next.set(v, (s = new Set()));
    return s;
  };
  if (!anchor) {
    const s = row(vcpu);
    if (s.has(cpu)) s.delete(cpu);
    else s.add(cpu);
  } else {
    const c0 = columns.indexOf(anchor.cpu);
    const c1 = columns.indexOf(cpu);
    const [cl, ch] = c0 <= c1 ? [c0, c1] : [c1, c0];
    const [vl, vh] = anchor.vcpu <= vcpu ? [anchor.vcpu, vcpu] : [vcpu, anchor.vcpu];
    for (let v = vl; v <= vh; v++)
      for (let c = cl; c <= ch; c++) {
        const id = columns[c]!;
        if (anchor.on) row(v).add(id);
        else row(v).delete(id);
      }
  }
  for (const [k, v] of next) if (v.size === 0) next.delete(k);
  return next;
}

/** The pin changes that turn `before` into `after` (cpuset null unpins). */
export function pinChanges(before: PinGrid, after: PinGrid, vcpus: number): { vcpu: number; cpuset: string | null }[] {
  const out: { vcpu: number; cpuset: string | null }[] = [];
  for (let v = 0; v < vcpus; v++) {
    const a = formatCpuset(before.get(v) ?? []);
    const b = formatCpuset(after.get(v) ?? []);
    if (a !== b) out.push({ vcpu: v, cpuset: b || null });
  }
  return out;
}
