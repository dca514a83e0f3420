// A scripted stand-in for LibvirtClient that answers the calls the stats engine makes, from a
// mutable little world of domains. Unit tests only.
import type { LibvirtClient, remote_nonnull_domain, remote_typed_param } from '../../../libvirt';
import { uuidToBytes, uuidToString } from '../../util/uuid';

export interface FakeDomain {
  uuid: string;
  name: string;
  id: number;
  state: number;
  /** Counters; undefined = not reported. */
  cpuTime?: bigint;
  vcpus?: number;
  balloon?: { current?: bigint; rss?: bigint; unused?: bigint; available?: bigint };
  disks?: { rdBytes: bigint; wrBytes: bigint; rdReqs: bigint; wrReqs: bigint }[];
  nics?: { rx: bigint; tx: bigint }[];
}

export interface FakeWorld {
  cpus: number;
  memoryKiB: bigint;
  domains: FakeDomain[];
  nodeCpu?: { kernel: bigint; user: bigint; idle: bigint; iowait: bigint };
  nodeMem?: { total: bigint; free: bigint; buffers: bigint; cached: bigint };
  /** Delay every domain-stats reply by this many ms. */
  delayMs?: number;
  fail?: string;
}

export interface CallLog {
  name: string;
  args: unknown;
}

const ul = (field: string, v: bigint): remote_typed_param => ({ field, value: { type: 4, ul: v } });
const int = (field: string, v: number): remote_typed_param => ({ field, value: { type: 1, i: v } });
const uint = (field: string, v: number): remote_typed_param => ({ field, value: { type: 2, ui: v } });
const str = (field: string, v: string): remote_typed_param => ({ field, value: { type: 7, s: v } });

export function domainRecordParams(d: FakeDomain, stats: number): remote_typed_param[] {
  const p: remote_typed_param[] = [int('state.state', d.state), int('state.reason', 1)];
  if (stats & 2 && d.cpuTime !== undefined) p.push(ul('cpu.time', d.cpuTime));
  if (stats & 4 && d.balloon) {
    const b = d.balloon;
    if (b.current !== undefined) p.push(ul('balloon.current', b.current), ul('balloon.maximum', b.current));
    if (b.rss !== undefined) p.push(ul('balloon.rss', b.rss));
    if (b.unused !== undefined) p.push(ul('balloon.unused', b.unused));
    if (b.available !== undefined) p.push(ul('balloon.available', b.available));
  }
  if (stats & 8 && d.vcpus !== undefined) {
    p.push(uint('vcpu.current', d.vcpus), uint('vcpu.maximum', d.vcpus));
    for (let i = 0; i < d.vcpus; i++) p.push(int(`vcpu.${i}.state`, 1), ul(`vcpu.${i}.time`, 1000n));
  }
  if (stats & 16 && d.nics) {
    p.push(uint('net.count', d.nics.length));
    d.nics.forEach((n, i) => p.push(str(`net.${i}.name`, `vnet${i}`), ul(`net.${i}.rx.bytes`, n.rx), ul(`net.${i}.rx.pkts`, 1n), ul(`net.${i}.tx.bytes`, n.tx)));
  }
  if (stats & 32 && d.disks) {
    p.push(uint('block.count', d.disks.length));
    d.disks.forEach((b, i) =>
      p.push(
        str(`block.${i}.name`, `vd${'abcdefgh'[i]}`),
        ul(`block.${i}.rd.reqs`, b.rdReqs),
        ul(`block.${i}.rd.bytes`, b.rdBytes),
        ul(`block.${i}.rd.times`, 5n),
        ul(`block.${i}.wr.reqs`, b.wrReqs),
        ul(`block.${i}.wr.bytes`, b.wrBytes),
        ul(`block.${i}.capacity`, 1n << 30n),
      ),
    );
  }
  return p;
}

const dom = (d: FakeDomain): remote_nonnull_domain => ({ name: d.name, uuid: uuidToBytes(d.uuid), id: d.id });

export function fakeStatsClient(world: FakeWorld): { client: LibvirtClient; calls: CallLog[] } {
  const calls: CallLog[] = [];
  const active = () => world.domains.filter((d) => d.id >= 0);
  const call = async (name: string, args: unknown): Promise<unknown> => {
    calls.push({ name, args });
    if (world.fail) throw new Error(world.fail);
    switch (name) {
      case 'NODE_GET_INFO':
        return { model: [], memory: world.memoryKiB, cpus: world.cpus, mhz: 2400, nodes: 1, sockets: 1, cores: world.cpus, threads: 1 };
      case 'NODE_GET_CPU_STATS': {
        const a = args as { nparams: number };
        if (!world.nodeCpu) throw new Error('this function is not supported by the connection driver: virNodeGetCPUStats');
        if (a.nparams === 0) return { params: [], nparams: 4 };
        const c = world.nodeCpu;
        const params = [
          { field: 'kernel', value: c.kernel },
          { field: 'user', value: c.user },
          { field: 'idle', value: c.idle },
          { field: 'iowait', value: c.iowait },
        ];
        return { params, nparams: 4 };
      }
      case 'NODE_GET_MEMORY_STATS': {
        const a = args as { nparams: number };
        if (!world.nodeMem) throw new Error('this function is not supported by the connection driver: virNodeGetMemoryStats');
        if (a.nparams === 0) return { params: [], nparams: 4 };
        const m = world.nodeMem;
        return { params: Object.entries(m).map(([field, value]) => ({ field, value })), nparams: 4 };
      }
      case 'CONNECT_LIST_ALL_DOMAINS':
        return { domains: active().map(dom), ret: active().length };
      case 'CONNECT_GET_ALL_DOMAIN_STATS': {
        const a = args as { doms: remote_nonnull_domain[]; stats: number };
        if (world.delayMs) await new Promise((r) => setTimeout(r, world.delayMs));
        const wanted = a.doms.length ? new Set(a.doms.map((d) => uuidToString(d.uuid))) : undefined;
        const list = active().filter((d) => !wanted || wanted.has(d.uuid));
        return { retStats: list.map((d) => ({ dom: dom(d), params: domainRecordParams(d, a.stats) })) };
      }
      default:
        throw new Error(`fake client: unexpected call ${name}`);
    }
  };
  return { client: { call } as unknown as LibvirtClient, calls };
}

export function fakeUuid(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}
