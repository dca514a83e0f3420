// Stats engine benchmark: test-driver hosts with 10, 100 and 1000 domains (half of them running)
// served by the real libvirtd, the engine ticking every second. Prints key=value lines:
//   rpc_per_tick_{10,100,1000}  calls per host per tick in steady state (must not grow with VMs)
//   core_cpu_pct                this process's CPU over ≥ 20 s of steady state at 1000 VMs, % of one core
//   core_rss_mb                 resident memory at the end of that steady state
//   ring_mb_1h_1000             rings for 1000 VMs × every metric × 1 h: typed-array byteLengths,
//                               cross-checked by what external + heap memory actually grew by
//   list_ms_1000                connect → every domain listed and the running ones' stats in hand
// The test driver reports only the state group (2 fields per VM); QEMU sends ~60. So the lines
// qemu_like_* run the same engine on replies shaped like QEMU's (XDR-encoded once, decoded by our
// codec on every tick) for 500 running VMs: the CPU cost a real 1000-VM host would put on the core.
// Run: node --import tsx bench/stats.bench.ts   (needs libvirtd: sudo bash scripts/rig.sh)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';
import type { StatsEvent } from '../preload/contract/stats';
import { connect, type LibvirtClient } from '../electron/libvirt';
import { StatsEngine } from '../electron/core/stats';
import { VM_METRIC_COUNT } from '../electron/core/stats/rates';
import { MetricRing, Timeline } from '../electron/core/stats/ring';
import { remote_connect_get_all_domain_stats_ret, type remote_typed_param } from '../electron/libvirt/protocol/generated/remote';
import { decode, encode } from '../electron/libvirt/xdr';
import { uuidToBytes } from '../electron/core/util/uuid';
import { writeTestHostXml } from './lib/test-host';

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const HOST_ID = '0b6a4f1e-3d7a-4c2b-9f4e-2a1d9c7b5e10';
const STEADY_S = Number(process.env.STATS_BENCH_STEADY_S ?? 20);
const dir = mkdtempSync(path.join(tmpdir(), 'vdstats-bench-'));
const out = (k: string, v: number | string) => console.log(`${k}=${typeof v === 'number' ? round(v) : v}`);
const round = (x: number) => (Number.isInteger(x) ? x : Math.round(x * 100) / 100);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => bytes / 1024 / 1024;

function countCalls(client: LibvirtClient): { n: number } {
  const counter = { n: 0 };
  const orig = client.call.bind(client);
  client.call = ((name, args, options) => {
    counter.n++;
    return orig(name, args, options);
  }) as LibvirtClient['call'];
  return counter;
}

interface Run {
  rpcPerTick: number;
  cpuPct: number;
  rssMb: number;
  listMs: number;
  connectMs: number;
  tickMs: number;
  eventBytes: number;
  ringBytes: number;
  running: number;
  skipped: number;
}

async function run(domains: number, steadySeconds: number): Promise<Run> {
  const file = writeTestHostXml(path.join(dir, `node-${domains}.xml`), { domains, running: domains / 2 });
  let eventBytes = 0;
  let ticks = 0;
  let running = 0;
  const emit = (e: StatsEvent) => {
    // What Electron's IPC does with every event: a structured clone (V8's serializer).
    eventBytes = v8.serialize(e).length;
    if (e.type === 'stats-tick') {
      ticks++;
      running = e.host.running;
    }
  };

  // connect → all domains listed (the inventory's one call) and the running ones' stats (the first tick)
  const t0 = performance.now();
  const client = await connect(`test+unix://${file}`);
  const connectMs = performance.now() - t0;
  const engine = new StatsEngine({ resolveClient: () => client, emit, intervalMs: 1000 });
  engine.addHost(HOST_ID);
  const [{ domains: listed }] = await Promise.all([
    client.call('CONNECT_LIST_ALL_DOMAINS', { need_results: 1, flags: 0 }),
    engine.tick(),
  ]);
  const listMs = performance.now() - t0;
  if (listed.length !== domains || ticks !== 1) throw new Error(`listed ${listed.length} of ${domains}, ${ticks} ticks`);

  const calls = countCalls(client);
  engine.start(); // ticks at once, then every second
  await sleep(2500); // warm-up: JIT, first rates
  gc();
  const callsBefore = calls.n;
  const ticksBefore = ticks;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  await sleep(steadySeconds * 1000);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  const steadyTicks = ticks - ticksBefore;
  const rpcPerTick = (calls.n - callsBefore) / steadyTicks;
  const rssMb = mb(process.memoryUsage().rss);
  const info = engine.pollInfo()[0]!;
  await engine.stop();
  await client.close();
  return {
    rpcPerTick,
    cpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
    rssMb,
    listMs,
    connectMs,
    tickMs: info.lastPollMs,
    eventBytes,
    ringBytes: engine.ringBytes(),
    running,
    skipped: info.skippedTicks,
  };
}

/** Rings for n VMs × 1 h: byteLengths, and the memory the process actually grew by. */
async function ringFootprint(n: number): Promise<{ byteLength: number; measured: number }> {
  // Settle first: buffers of earlier runs are freed in the background after a gc.
  gc();
  await sleep(200);
  gc();
  const m0 = process.memoryUsage();
  const tl = new Timeline(3600);
  const rings = Array.from({ length: n }, () => new MetricRing(VM_METRIC_COUNT, 3600));
  const m1 = process.memoryUsage();
  const byteLength = tl.byteLength + rings.reduce((s, r) => s + r.byteLength, 0);
  const measured = m1.arrayBuffers - m0.arrayBuffers + (m1.heapUsed - m0.heapUsed);
  return { byteLength, measured };
}

/** A QEMU-shaped record: the fields `virsh domstats` shows for a 2-vCPU guest with 2 disks and 1 NIC. */
function qemuParams(i: number, tick: number): remote_typed_param[] {
  const ul = (field: string, v: number): remote_typed_param => ({ field, value: { type: 4, ul: BigInt(Math.round(v)) } });
  const int = (field: string, v: number): remote_typed_param => ({ field, value: { type: 1, i: v } });
  const str = (field: string, v: string): remote_typed_param => ({ field, value: { type: 7, s: v } });
  const p = [int('state.state', 1), int('state.reason', 1)];
  p.push(ul('cpu.time', 1e9 * tick * 0.1 + i), ul('cpu.user', 1e6 * tick), ul('cpu.system', 1e6 * tick), int('cpu.cache.monitor.count', 0));
  p.push(ul('cpu.haltpoll.success.time', 0), ul('cpu.haltpoll.fail.time', 0));
  for (const f of ['current', 'maximum', 'swap_in', 'swap_out', 'major_fault', 'minor_fault', 'unused', 'available', 'usable', 'last-update', 'disk_caches', 'rss']) {
    p.push(ul(`balloon.${f}`, 1048576 - (f === 'unused' ? 500000 : 0)));
  }
  p.push(int('net.count', 1), str('net.0.name', `vnet${i}`));
  for (const f of ['rx.bytes', 'rx.pkts', 'rx.errs', 'rx.drop', 'tx.bytes', 'tx.pkts', 'tx.errs', 'tx.drop']) p.push(ul(`net.0.${f}`, 1000 * tick));
  p.push(int('block.count', 2));
  for (let b = 0; b < 2; b++) {
    p.push(str(`block.${b}.name`, `vd${'ab'[b]}`), str(`block.${b}.path`, `/var/lib/libvirt/images/vm${i}-${b}.qcow2`), int(`block.${b}.backingIndex`, 1));
    for (const f of ['rd.reqs', 'rd.bytes', 'rd.times', 'wr.reqs', 'wr.bytes', 'wr.times', 'fl.reqs', 'fl.times', 'allocation', 'capacity', 'physical']) {
      p.push(ul(`block.${b}.${f}`, 4096 * tick));
    }
  }
  return p;
}

/** The engine's CPU per tick on QEMU-sized replies for `running` VMs (decode included). */
async function qemuLike(running: number, ticks: number): Promise<{ tickCpuMs: number; replyBytes: number; fields: number }> {
  const replies = [0, 1, 2, 3].map((t) =>
    encode(remote_connect_get_all_domain_stats_ret, {
      retStats: Array.from({ length: running }, (_, i) => ({
        dom: { name: `vm${i}`, uuid: uuidToBytes(`7d0e1c3a-0000-4000-8000-${i.toString(16).padStart(12, '0')}`), id: i + 1 },
        params: qemuParams(i, t),
      })),
    }),
  );
  let n = 0;
  const nodeCpu = (k: number) => ['kernel', 'user', 'idle', 'iowait'].map((field, j) => ({ field, value: BigInt(k * 1e9 * (j + 1)) }));
  const client = {
    call: async (name: string, args: { nparams?: number }) => {
      switch (name) {
        case 'NODE_GET_INFO':
          return { model: [], memory: 64n << 20n, cpus: 64, mhz: 2400, nodes: 1, sockets: 2, cores: 16, threads: 2 };
        case 'NODE_GET_CPU_STATS':
          return { params: args.nparams ? nodeCpu(n) : [], nparams: 4 };
        case 'NODE_GET_MEMORY_STATS':
          return { params: args.nparams ? ['total', 'free', 'buffers', 'cached'].map((field) => ({ field, value: 1n << 20n })) : [], nparams: 4 };
        case 'CONNECT_GET_ALL_DOMAIN_STATS':
          return decode(remote_connect_get_all_domain_stats_ret, replies[n++ % replies.length]!);
        default:
          throw new Error(name);
      }
    },
  } as unknown as LibvirtClient;
  let last = '';
  // Each event is serialised as Electron's IPC does: that CPU is the core's too.
  const emit = (e: StatsEvent) => {
    v8.serialize(e);
    last = e.type;
  };
  const engine = new StatsEngine({ resolveClient: () => client, emit });
  engine.addHost(HOST_ID);
  for (let k = 0; k < 5; k++) await engine.tick(); // warm-up
  const cpu0 = process.cpuUsage();
  for (let k = 0; k < ticks; k++) await engine.tick();
  const cpu = process.cpuUsage(cpu0);
  if (!last.includes('stats-tick')) throw new Error('no tick');
  return { tickCpuMs: (cpu.user + cpu.system) / 1000 / ticks, replyBytes: replies[0]!.length, fields: qemuParams(0, 0).length };
}

async function main(): Promise<void> {
  out('rss_baseline_mb', mb(process.memoryUsage().rss));

  for (const n of [10, 100]) {
    const r = await run(n, 5);
    out(`rpc_per_tick_${n}`, r.rpcPerTick);
    out(`tick_ms_${n}`, r.tickMs);
  }
  const r = await run(1000, STEADY_S);
  out('rpc_per_tick_1000', r.rpcPerTick);
  out('running_1000', r.running);
  out('tick_ms_1000', r.tickMs);
  out('skipped_ticks_1000', r.skipped);
  out('event_bytes_1000', r.eventBytes);
  out('engine_ring_mb_1000', mb(r.ringBytes));
  out('steady_s', STEADY_S);
  out('core_cpu_pct', r.cpuPct);
  out('core_rss_mb', r.rssMb);
  out('list_ms_1000', r.listMs);
  out('connect_ms_1000', r.connectMs);

  const ring = await ringFootprint(1000);
  out('ring_mb_1h_1000', mb(ring.byteLength));
  out('ring_mb_1h_1000_measured', mb(ring.measured));

  const q = await qemuLike(500, 30);
  out('qemu_like_fields_per_vm', q.fields);
  out('qemu_like_reply_kb_500', q.replyBytes / 1024);
  out('qemu_like_tick_cpu_ms_500', q.tickCpuMs);
  out('qemu_like_core_cpu_pct_1s', q.tickCpuMs / 10);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
