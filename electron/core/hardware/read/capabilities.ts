// Host NUMA topology from the capabilities XML (`<host><topology><cells>`), for the pinning grid.
import { DOMParser, type Element } from '@xmldom/xmldom';
import type { HostNumaCell, HostTopology } from '../../../../preload/contract/hardware';

const kids = (el: Element, tag: string): Element[] => {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as Element).tagName === tag) out.push(n as Element);
  return out;
};
const intAttr = (el: Element, name: string): number | null => {
  const v = el.getAttribute(name);
  return v === null || v === '' || !/^\d+$/.test(v) ? null : Number(v);
};

/**
 * Cells with their CPUs. Hosts (or drivers) that report no topology get one cell holding
 * `fallbackCpus` CPUs, so pinning still has a grid to show.
 */
export function parseHostTopology(capabilitiesXml: string, fallbackCpus: number): HostTopology {
  const doc = new DOMParser().parseFromString(capabilitiesXml, 'text/xml');
  const root = doc.documentElement;
  const host = root ? kids(root, 'host')[0] : undefined;
  const topo = host ? kids(host, 'topology')[0] : undefined;
  const cellsEl = topo ? kids(topo, 'cells')[0] : undefined;
  const cells: HostNumaCell[] = (cellsEl ? kids(cellsEl, 'cell') : []).map((cell, i) => {
    const mem = kids(cell, 'memory')[0];
    const unit = mem?.getAttribute('unit') ?? 'KiB';
    const memNum = mem?.textContent ? Number(mem.textContent.trim()) : NaN;
    const cpusEl = kids(cell, 'cpus')[0];
    return {
      id: intAttr(cell, 'id') ?? i,
      memoryKiB: Number.isFinite(memNum) ? Math.round(unit === 'KiB' ? memNum : unit === 'MiB' ? memNum * 1024 : unit === 'GiB' ? memNum * 1024 * 1024 : memNum / 1024) : null,
      cpus: (cpusEl ? kids(cpusEl, 'cpu') : []).flatMap((c) => {
        const id = intAttr(c, 'id');
        return id === null ? [] : [{ id, socket: intAttr(c, 'socket_id'), core: intAttr(c, 'core_id'), siblings: c.getAttribute('siblings') || null }];
      }),
    };
  });
  const cpuCount = cells.reduce((n, c) => n + c.cpus.length, 0);
  if (cpuCount > 0) return { cells, cpuCount };
  const cpus = Array.from({ length: Math.max(fallbackCpus, 1) }, (_, id) => ({ id, socket: null, core: null, siblings: null }));
  return { cells: [{ id: 0, memoryKiB: cells[0]?.memoryKiB ?? null, cpus }], cpuCount: cpus.length };
}
