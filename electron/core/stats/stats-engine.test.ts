import { afterEach, describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import { statsArgSchemas, type StatsEvent, type StatsTickEvent } from '../../../preload/contract/stats';
import { StatsEngine, type StatsEngineOptions } from './stats-engine';
import { fakeStatsClient, fakeUuid, type FakeDomain, type FakeWorld } from './testing/fake-stats-client';

const HOST = '0b6a4f1e-3d7a-4c2b-9f4e-2a1d9c7b5e10';

function vm(i: number, extra: Partial<FakeDomain> = {}): FakeDomain {
  return {
    uuid: fakeUuid(i),
    name: `vm${i}`,
    id: i,
    state: 1,
    cpuTime: 0n,
    vcpus: 2,
    balloon: { current: 1048576n, rss: 500000n },
    disks: [{ rdBytes: 0n, wrBytes: 0n, rdReqs: 0n, wrReqs: 0n }],
    nics: [{ rx: 0n, tx: 0n }],
    ...extra,
  };
}

function setup(world: FakeWorld, opts: Partial<StatsEngineOptions> = {}) {
  const { client, calls } = fakeStatsClient(world);
  const events: StatsEvent[] = [];
  const clock = { mono: 0, now: 1_700_000_000_000 };
  const engine = new StatsEngine({
    resolveClient: () => client,
    emit: (e) => events.push(e),
    now: () => clock.now,
    monotonic: () => clock.mono,
    ...opts,
  });
  engine.addHost(HOST);
  const advance = (ms: number) => {
    clock.mono += ms;
    clock.now += ms;
  };
  const ticks = () => events.filter((e): e is StatsTickEvent => e.type === 'stats-tick');
  return { engine, calls, events, ticks, advance, clock };
}

let engines: StatsEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.map((e) => e.stop()));
  engines = [];
  vi.useRealTimers();
});

describe('StatsEngine', () => {
  it('makes exactly one GET_ALL_DOMAIN_STATS per tick plus the two node stats, and computes rates', async () => {
    const world: FakeWorld = {
      cpus: 4,
      memoryKiB: 8n << 20n,
      domains: [vm(1), vm(2)],
      nodeCpu: { kernel: 0n, user: 0n, idle: 0n, iowait: 0n },
      nodeMem: { total: 8388608n, free: 4194304n, buffers: 0n, cached: 1048576n },
    };
    const { engine, calls, ticks, advance } = setup(world);
    engines.push(engine);
    await engine.tick();
    calls.length = 0;
    for (let k = 1; k <= 3; k++) {
      advance(1000);
      world.domains[0]!.cpuTime! += 2_000_000_000n; // 2 CPUs busy
      world.domains[0]!.disks![0]!.rdBytes += 4096n;
      world.domains[0]!.disks![0]!.rdReqs += 1n;
      world.domains[1]!.nics![0]!.tx += 1000n;
      world.nodeCpu = { kernel: BigInt(k) * 1000n, user: BigInt(k) * 1000n, idle: BigInt(k) * 2000n, iowait: 0n };
      await engine.tick();
    }
    const perTick = calls.filter((c) => c.name === 'CONNECT_GET_ALL_DOMAIN_STATS');
    expect(perTick).toHaveLength(3);
    expect(calls).toHaveLength(9);
    expect(engine.pollInfo()[0]).toMatchObject({ rpcLastTick: 3, domainStatsCallsLastTick: 1, mode: 'single', ticks: 4 });

    const last = ticks().at(-1)!;
    expect(last.keys).toBeUndefined(); // unchanged since the first tick
    const row = ticks()[0]!.keys!.indexOf(fakeUuid(1));
    expect(last.vms.cpu[row]).toBe(50);
    expect(last.vms.cpuVcpu[row]).toBe(100);
    expect(last.vms.diskRd[row]).toBe(4096);
    expect(last.vms.diskRdIops[row]).toBe(1);
    expect(last.vms.netTx[1 - row]).toBe(1000);
    expect(last.vms.memUsed[row]).toBe(500000);
    expect(last.host).toEqual({ cpu: 50, memUsed: 3145728, memTotal: 8388608, running: 2, active: 2, cpus: 4 });
    expect(ticks()[0]!.vms.cpu).toEqual(Float64Array.of(NaN, NaN));
  });

  it('re-sends the key table only when VMs appear or disappear; survivors keep their rows', async () => {
    const world: FakeWorld = { cpus: 2, memoryKiB: 1n << 20n, domains: [vm(1), vm(2), vm(3)] };
    const { engine, ticks, advance } = setup(world);
    engines.push(engine);
    await engine.tick();
    expect(ticks()[0]!.keys).toEqual([fakeUuid(1), fakeUuid(2), fakeUuid(3)]);
    advance(1000);
    world.domains[1]!.id = -1; // vm2 shut off
    world.domains.push(vm(4));
    await engine.tick();
    const t1 = ticks()[1]!;
    expect(t1.keys).toEqual([fakeUuid(1), fakeUuid(3), fakeUuid(4)]);
    expect(t1.keysVersion).toBe(ticks()[0]!.keysVersion + 1);
    expect(t1.vms.cpu).toHaveLength(3);
    advance(1000);
    await engine.tick();
    expect(ticks()[2]!.keys).toBeUndefined();
    expect(ticks()[2]!.keysVersion).toBe(t1.keysVersion);
    // current() always carries the keys for late listeners
    expect((await engine.service.current(HOST))!.keys).toEqual(t1.keys);
    // the stopped VM's history is still there, with its missed ticks empty
    const h = await engine.service.history(HOST, fakeUuid(2), '1m');
    // rings hold bfloat16: within 0.4 %
    expect(h!.series.memUsed.slice(1)).toEqual([null, null]);
    expect(Math.abs(h!.series.memUsed[0]! - 500000)).toBeLessThan(2000);
  });

  it('a VM that restarts between ticks gives no CPU rate for that tick (counter reset), then resumes', async () => {
    const world: FakeWorld = { cpus: 1, memoryKiB: 1n << 20n, domains: [vm(1, { cpuTime: 50_000_000_000n })] };
    const { engine, ticks, advance } = setup(world);
    engines.push(engine);
    await engine.tick();
    advance(1000);
    Object.assign(world.domains[0]!, { id: 9, cpuTime: 100_000_000n });
    await engine.tick();
    expect(ticks()[1]!.vms.cpu).toEqual(Float64Array.of(NaN));
    advance(1000);
    world.domains[0]!.cpuTime! += 500_000_000n;
    await engine.tick();
    expect(ticks()[2]!.vms.cpu).toEqual(Float64Array.of(50));
  });

  it('never overlaps two polls of one host: a tick during a slow poll is skipped', async () => {
    const world: FakeWorld = { cpus: 1, memoryKiB: 1n << 20n, domains: [vm(1)], delayMs: 50 };
    const { engine, calls } = setup(world);
    engines.push(engine);
    const first = engine.tick();
    await new Promise((r) => setTimeout(r, 5));
    await engine.tick(); // resolves at once: nothing to do
    await first;
    expect(calls.filter((c) => c.name === 'CONNECT_GET_ALL_DOMAIN_STATS')).toHaveLength(1);
    expect(engine.pollInfo()[0]!.skippedTicks).toBe(1);
  });

  it('pages with explicit domain lists when a host has more active VMs than one reply should carry', async () => {
    const world: FakeWorld = { cpus: 8, memoryKiB: 1n << 20n, domains: Array.from({ length: 25 }, (_, i) => vm(i + 1)) };
    const { engine, calls, ticks, advance } = setup(world, { pageSize: 10 });
    engines.push(engine);
    await engine.tick(); // one call returns 25 ≥ 10 records: page from now on
    expect(engine.pollInfo()[0]!.mode).toBe('paged');
    calls.length = 0;
    advance(1000);
    await engine.tick();
    expect(calls.map((c) => c.name).filter((n) => n.startsWith('CONNECT'))).toEqual([
      'CONNECT_LIST_ALL_DOMAINS',
      'CONNECT_GET_ALL_DOMAIN_STATS',
      'CONNECT_GET_ALL_DOMAIN_STATS',
      'CONNECT_GET_ALL_DOMAIN_STATS',
    ]);
    expect(engine.pollInfo()[0]).toMatchObject({ rpcLastTick: 4, domainStatsCallsLastTick: 3 });
    expect(ticks()[1]!.host.active).toBe(25);
    expect(ticks()[1]!.keys).toBeUndefined();
    // back below half a page: one call again
    world.domains = world.domains.slice(0, 3);
    advance(1000);
    await engine.tick();
    expect(engine.pollInfo()[0]!.mode).toBe('single');
  });

  it('switches to paging when libvirt refuses one reply for all VMs as too big', async () => {
    const world: FakeWorld = { cpus: 8, memoryKiB: 1n << 20n, domains: [vm(1), vm(2)] };
    const { engine, events } = setup(world);
    engines.push(engine);
    await engine.tick();
    world.fail = 'Number of domain stats records is 20000, which exceeds max limit: 16384';
    await engine.tick();
    expect(engine.pollInfo()[0]!.mode).toBe('paged');
    delete world.fail;
    await engine.tick();
    expect(events.filter((e) => e.type === 'stats-tick')).toHaveLength(2);
    // list + one page (this fake has no node stats); so few VMs that the next tick is single again
    expect(engine.pollInfo()[0]).toMatchObject({ domainStatsCallsLastTick: 1, rpcLastTick: 2, mode: 'single' });
  });

  it('works with what the test driver gives (state only, no node memory stats)', async () => {
    const world: FakeWorld = { cpus: 16, memoryKiB: 3145728n, domains: [{ uuid: fakeUuid(1), name: 't', id: 1, state: 1 }] };
    const { engine, calls, ticks, advance } = setup(world);
    engines.push(engine);
    await engine.tick();
    advance(1000);
    await engine.tick();
    expect(calls.filter((c) => c.name === 'NODE_GET_MEMORY_STATS' || c.name === 'NODE_GET_CPU_STATS')).toHaveLength(2); // the probes
    const t = ticks()[1]!;
    expect(t.vms.state).toEqual(Uint8Array.of(1));
    expect(t.vms.cpu).toEqual(Float64Array.of(NaN));
    expect(t.host).toEqual({ cpu: null, memUsed: null, memTotal: 3145728, running: 1, active: 1, cpus: 16 });
  });

  it('asks for the vcpu group only every N ticks and when a VM appears', async () => {
    const world: FakeWorld = { cpus: 2, memoryKiB: 1n << 20n, domains: [vm(1)] };
    const { engine, calls, advance } = setup(world, { vcpuRefreshTicks: 3 });
    engines.push(engine);
    const withVcpu = () => calls.filter((c) => c.name === 'CONNECT_GET_ALL_DOMAIN_STATS').map((c) => ((c.args as { stats: number }).stats & 8) !== 0);
    for (let k = 0; k < 7; k++) {
      if (k === 5) world.domains.push(vm(2));
      await engine.tick();
      advance(1000);
    }
    expect(withVcpu()).toEqual([true, false, false, true, false, false, true]);
    await engine.service.setGroups(['cpu-total']);
    await engine.tick();
    expect((calls.at(-1)!.args as { stats: number }).stats).toBe(1 | 2);
    expect(await engine.service.config()).toEqual({ intervalMs: 1000, groups: ['state', 'cpu-total'] });
  });

  it('reports a failing host once, and its recovery', async () => {
    const world: FakeWorld = { cpus: 2, memoryKiB: 1n << 20n, domains: [vm(1)] };
    const { engine, events } = setup(world);
    engines.push(engine);
    await engine.tick();
    world.fail = 'connection closed';
    await engine.tick();
    await engine.tick();
    delete world.fail;
    await engine.tick();
    expect(events.filter((e) => e.type === 'stats-error')).toEqual([
      { type: 'stats-error', hostId: HOST, message: 'connection closed' },
      { type: 'stats-error', hostId: HOST, message: null },
    ]);
    expect(engine.pollInfo()[0]!.failedTicks).toBe(2);
  });

  it('re-initialises on a new client (reconnect) and removes hosts cleanly', async () => {
    const world: FakeWorld = { cpus: 2, memoryKiB: 1n << 20n, domains: [vm(1)] };
    const a = fakeStatsClient(world);
    const b = fakeStatsClient(world);
    let current = a.client;
    const events: StatsEvent[] = [];
    const engine = new StatsEngine({ resolveClient: () => current, emit: (e) => events.push(e) });
    engines.push(engine);
    engine.addHost(HOST);
    await engine.tick();
    current = b.client;
    await engine.tick();
    expect(b.calls.map((c) => c.name)).toContain('NODE_GET_INFO');
    engine.removeHost(HOST);
    await engine.tick();
    expect(await engine.service.current(HOST)).toBeNull();
    expect(engine.pollInfo()).toEqual([]);
  });

  it('timer: start() ticks every interval with an unref’d timer, stop() leaves nothing scheduled', async () => {
    vi.useFakeTimers();
    const world: FakeWorld = { cpus: 2, memoryKiB: 1n << 20n, domains: [vm(1)] };
    const { client, calls } = fakeStatsClient(world);
    const engine = new StatsEngine({ resolveClient: () => client, emit: () => {}, intervalMs: 500 });
    engines.push(engine);
    engine.addHost(HOST);
    engine.start();
    await vi.advanceTimersByTimeAsync(2000);
    const n = calls.filter((c) => c.name === 'CONNECT_GET_ALL_DOMAIN_STATS').length;
    expect(n).toBe(5); // at start, then 4 intervals
    await engine.service.setInterval(1000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls.filter((c) => c.name === 'CONNECT_GET_ALL_DOMAIN_STATS').length).toBe(n + 3);
    await engine.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(engine.running).toBe(false);
    expect(() => engine.setIntervalMs(10)).toThrow(RangeError);
  });

  it('history: host and VM series over 1m / 10m / 1h', async () => {
    const world: FakeWorld = { cpus: 1, memoryKiB: 1n << 20n, domains: [vm(1)] };
    const { engine, advance } = setup(world);
    engines.push(engine);
    for (let k = 0; k < 700; k++) {
      world.domains[0]!.cpuTime! += 250_000_000n;
      await engine.tick();
      advance(1000);
    }
    const h1 = (await engine.service.history(HOST, fakeUuid(1), '1m'))!;
    expect(h1.t).toHaveLength(60);
    expect(h1.series.cpu.every((x) => x !== null && Math.abs(x - 25) < 0.2)).toBe(true);
    const h10 = (await engine.service.history(HOST, fakeUuid(1), '10m'))!;
    expect(h10.stepMs).toBe(5000);
    expect(h10.series.cpu.at(-2)).toBeCloseTo(25, 0);
    const hh = (await engine.service.hostHistory(HOST, '1h'))!;
    expect(hh.series.running.filter((x) => x !== null).every((x) => x === 1)).toBe(true);
    expect(await engine.service.history(HOST, fakeUuid(99), '1m')).toBeNull();
    expect(await engine.service.hostHistory(fakeUuid(5), '1m')).toBeNull();
  });
});

describe('stats arg schemas', () => {
  it('accepts well-formed calls and refuses the rest', () => {
    expect(v.safeParse(statsArgSchemas.history, [HOST, fakeUuid(1), '10m']).success).toBe(true);
    expect(v.safeParse(statsArgSchemas.history, [HOST, fakeUuid(1), '5m']).success).toBe(false);
    expect(v.safeParse(statsArgSchemas.hostHistory, ['nope', '1h']).success).toBe(false);
    expect(v.safeParse(statsArgSchemas.setInterval, [1000]).success).toBe(true);
    expect(v.safeParse(statsArgSchemas.setInterval, [10]).success).toBe(false);
    expect(v.safeParse(statsArgSchemas.setInterval, [1000.5]).success).toBe(false);
    expect(v.safeParse(statsArgSchemas.setGroups, [['cpu-total', 'block']]).success).toBe(true);
    expect(v.safeParse(statsArgSchemas.setGroups, [['perf']]).success).toBe(false);
    expect(v.safeParse(statsArgSchemas.config, [1]).success).toBe(false);
  });
});
