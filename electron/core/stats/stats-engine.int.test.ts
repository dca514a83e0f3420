// The stats engine against the real libvirtd: the shared test driver, a generated test host with
// many domains, and (where QEMU can start a guest) a tiny TCG guest whose counters really move.
// Values are compared with what `virsh domstats` reports for the same counters.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestHostXml } from '../../../bench/lib/test-host';
import type { StatsEvent, StatsTickEvent } from '../../../preload/contract/stats';
import { connect, type LibvirtClient } from '../../libvirt';
import { StatsEngine } from './stats-engine';

const HOST = '0b6a4f1e-3d7a-4c2b-9f4e-2a1d9c7b5e10';
const virsh = (uri: string, ...args: string[]) => execFileSync('virsh', ['-c', uri, ...args], { encoding: 'utf8' });

/** `virsh domstats --raw` → { name: { field: value } }. */
function domstats(uri: string, ...args: string[]): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  let cur: Record<string, string> | undefined;
  for (const line of virsh(uri, 'domstats', '--raw', ...args).split('\n')) {
    const m = /^Domain: '(.*)'$/.exec(line);
    if (m) out.set(m[1]!, (cur = {}));
    else if (cur && line.includes('=')) {
      const [k, ...v] = line.trim().split('=');
      cur[k!] = v.join('=');
    }
  }
  return out;
}

/** Wraps the client's call to count procedures by name. */
function counted(client: LibvirtClient): Map<string, number> {
  const counts = new Map<string, number>();
  const orig = client.call.bind(client);
  client.call = ((name, args, options) => {
    counts.set(name, (counts.get(name) ?? 0) + 1);
    return orig(name, args, options);
  }) as LibvirtClient['call'];
  return counts;
}

function engineFor(client: LibvirtClient, extra: { pageSize?: number; intervalMs?: number } = {}) {
  const events: StatsEvent[] = [];
  const engine = new StatsEngine({ resolveClient: () => client, emit: (e) => events.push(e), ...extra });
  engine.addHost(HOST);
  const ticks = () => events.filter((e): e is StatsTickEvent => e.type === 'stats-tick');
  return { engine, events, ticks };
}

const clients: LibvirtClient[] = [];
const engines: StatsEngine[] = [];
afterAll(async () => {
  await Promise.all(engines.map((e) => e.stop()));
  await Promise.all(clients.map((c) => c.close()));
});

async function open(uri: string): Promise<LibvirtClient> {
  const c = await connect(uri);
  clients.push(c);
  return c;
}

describe('stats engine on test+unix:///default', () => {
  const URI = 'test+unix:///default';

  it('one GET_ALL_DOMAIN_STATS per tick, state and host figures as virsh reports them', async () => {
    const client = await open(URI);
    const calls = counted(client);
    const { engine, ticks } = engineFor(client, { intervalMs: 250 });
    engines.push(engine);
    engine.start();
    await new Promise((r) => setTimeout(r, 1400));
    await engine.stop();
    const n = ticks().length;
    expect(n).toBeGreaterThanOrEqual(4);
    expect(calls.get('CONNECT_GET_ALL_DOMAIN_STATS')).toBe(n);
    // node stats: a probe each at connect, then CPU stats every tick; the test driver has no memory stats
    expect(calls.get('NODE_GET_CPU_STATS')).toBe(n + 1);
    expect(calls.get('NODE_GET_MEMORY_STATS')).toBe(1);
    expect(engine.pollInfo()[0]).toMatchObject({ rpcLastTick: 2, domainStatsCallsLastTick: 1, skippedTicks: 0 });

    const last = ticks().at(-1)!;
    const keys = (await engine.service.current(HOST))!.keys!;
    const stats = domstats(URI, '--list-active');
    // Other suites may define domains on the shared driver meanwhile: compare the ones both saw.
    const uuids = new Map([...stats.keys()].map((name) => [virsh(URI, 'domuuid', name).trim(), name]));
    expect(keys.filter((u) => uuids.has(u)).length).toBeGreaterThanOrEqual(1);
    for (const [i, uuid] of keys.entries()) {
      const name = uuids.get(uuid);
      if (name) expect(last.vms.state[i]).toBe(Number(stats.get(name)!['state.state']));
    }
    const info = virsh(URI, 'nodeinfo');
    expect(last.host.cpus).toBe(Number(/CPU\(s\):\s+(\d+)/.exec(info)![1]));
    expect(last.host.memTotal).toBe(Number(/Memory size:\s+(\d+) KiB/.exec(info)![1]));
    expect(last.host.running).toBe(last.vms.state.filter((s) => s === 1).length);
    // The test driver reports only the state group: the rest is missing, not zero.
    expect(last.vms.cpu.every((x) => Number.isNaN(x))).toBe(true);
    expect(engine.running).toBe(false);
  });
});

describe('stats engine on a generated test host', () => {
  let dir: string;
  let uri: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vdstats-'));
    uri = `test+unix://${writeTestHostXml(path.join(dir, 'node.xml'), { domains: 100, running: 40 })}`;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists exactly the running domains virsh lists, in one call per tick', async () => {
    const client = await open(uri);
    const calls = counted(client);
    const { engine, ticks } = engineFor(client);
    engines.push(engine);
    for (let k = 0; k < 3; k++) await engine.tick();
    expect(calls.get('CONNECT_GET_ALL_DOMAIN_STATS')).toBe(3);
    const uuids = virsh(uri, 'list', '--uuid').split('\n').filter(Boolean).sort();
    expect(uuids).toHaveLength(40);
    expect([...ticks()[0]!.keys!].sort()).toEqual(uuids);
    expect(ticks().at(-1)!.host).toMatchObject({ running: 40, active: 40 });
    expect(ticks().slice(1).every((t) => t.keys === undefined)).toBe(true);
  });

  it('pages with explicit domain lists when asked to (and counts every call)', async () => {
    const client = await open(uri);
    const calls = counted(client);
    const { engine, ticks } = engineFor(client, { pageSize: 16 });
    engines.push(engine);
    await engine.tick(); // 40 records ≥ 16: paged from the next tick on
    await engine.tick();
    expect(engine.pollInfo()[0]).toMatchObject({ mode: 'paged', domainStatsCallsLastTick: 3, rpcLastTick: 1 + 3 + 1 });
    expect(calls.get('CONNECT_LIST_ALL_DOMAINS')).toBe(1);
    expect(calls.get('CONNECT_GET_ALL_DOMAIN_STATS')).toBe(1 + 3);
    expect(ticks()[1]!.host.active).toBe(40);
    expect(ticks()[1]!.keys).toBeUndefined();
  });
});

// A real QEMU guest (TCG is enough): no OS, SeaBIOS finds nothing to boot, but its CPU time, balloon,
// disk and NIC counters are real. Skipped where QEMU cannot start a guest.
const QEMU = 'qemu:///system';
const guestName = `vdstats-int-${process.pid}`;
let qemuDir = '';
let qemuOk = false;
try {
  virsh(QEMU, 'version');
  qemuOk = true;
} catch {
  qemuOk = false;
}

describe.runIf(qemuOk)('stats engine on a QEMU guest', () => {
  beforeAll(() => {
    qemuDir = mkdtempSync(path.join(tmpdir(), 'vdstats-qemu-'));
    chmodSync(qemuDir, 0o755); // QEMU runs as its own user: it must reach the disk
    const disk = path.join(qemuDir, 'disk.img');
    writeFileSync(disk, '');
    truncateSync(disk, 8 << 20);
    const xml = `<domain type='qemu'><name>${guestName}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
<os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
<devices><disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${disk}'/><target dev='vda' bus='virtio'/></disk>
<interface type='ethernet'><model type='virtio'/></interface>
<memballoon model='virtio'/><graphics type='vnc' port='-1' listen='127.0.0.1'/></devices></domain>`;
    writeFileSync(path.join(qemuDir, 'guest.xml'), xml);
    virsh(QEMU, 'create', path.join(qemuDir, 'guest.xml'));
  });
  afterAll(() => {
    try {
      virsh(QEMU, 'destroy', guestName);
    } catch {
      // already gone
    }
    if (qemuDir) rmSync(qemuDir, { recursive: true, force: true });
  });

  it('counters match virsh domstats within a tick, and rates follow', async () => {
    const client = await open(QEMU);
    const calls = counted(client);
    const { engine, ticks } = engineFor(client);
    engines.push(engine);
    const uuid = virsh(QEMU, 'domuuid', guestName).trim();
    await engine.tick();
    await new Promise((r) => setTimeout(r, 1000));
    await engine.tick();
    const before = Date.now();
    const raw = engine.poller(HOST)!.lastRaw.get(uuid)!;
    const v = domstats(QEMU, '--state', '--cpu-total', '--balloon', '--interface', '--block', guestName).get(guestName)!;
    const elapsedNs = (Date.now() - before + 1000) * 1e6;
    expect(calls.get('CONNECT_GET_ALL_DOMAIN_STATS')).toBe(2);

    // CPU time only grows; virsh sampled after us, by at most the time since our tick.
    const cpu = Number(v['cpu.time']);
    expect(raw.cpuTime).toBeGreaterThan(0);
    expect(cpu).toBeGreaterThanOrEqual(raw.cpuTime);
    expect(cpu - raw.cpuTime).toBeLessThan(elapsedNs);
    expect(raw.balloonCurrent).toBe(Number(v['balloon.current']));
    if (v['balloon.rss']) expect(Math.abs(raw.balloonRss - Number(v['balloon.rss']))).toBeLessThan(64 * 1024);
    // Block counters: the same, unless the firmware read again in the few ms between us and virsh.
    for (const [ours, field, slack] of [
      [raw.rdBytes, 'block.0.rd.bytes', 1 << 20],
      [raw.rdReqs, 'block.0.rd.reqs', 64],
      [raw.wrBytes, 'block.0.wr.bytes', 1 << 20],
    ] as const) {
      expect(Number(v[field])).toBeGreaterThanOrEqual(ours);
      expect(Number(v[field]) - ours).toBeLessThanOrEqual(slack);
    }
    expect(raw.rdBytes).toBeGreaterThan(0); // SeaBIOS read the boot sector
    // NIC counters of the guest's tap: libvirt reports them from the host side of the device.
    expect(v['net.0.rx.bytes']).toBeDefined();
    for (const [ours, field] of [
      [raw.rxBytes, 'net.0.rx.bytes'],
      [raw.txBytes, 'net.0.tx.bytes'],
    ] as const) {
      expect(Number(v[field])).toBeGreaterThanOrEqual(ours);
      expect(Number(v[field]) - ours).toBeLessThan(64 * 1024);
    }

    const last = ticks().at(-1)!;
    const row = (await engine.service.current(HOST))!.keys!.indexOf(uuid);
    expect(row).toBeGreaterThanOrEqual(0);
    const pct = last.vms.cpu[row]!;
    const cores = Number(/CPU\(s\):\s+(\d+)/.exec(virsh(QEMU, 'nodeinfo'))![1]);
    expect(pct).toBeGreaterThan(0);
    expect(pct).toBeLessThanOrEqual(100 / cores + 5); // one vCPU can use at most one host CPU
    expect(last.vms.cpuVcpu[row]).toBeCloseTo(pct * cores, -1);
    expect(last.vms.memTotal[row]).toBe(65536);
    expect(last.vms.diskRd[row]).toBeGreaterThanOrEqual(0); // NaN (no value) fails too
    expect(last.host.cpu).not.toBeNull();
    expect(last.host.memTotal).toBeGreaterThan(0);
    expect(last.host.memUsed).toBeGreaterThan(0);
    expect(last.host.memUsed!).toBeLessThan(last.host.memTotal!);
    expect(engine.pollInfo()[0]!.rpcLastTick).toBe(3);
  });
});
