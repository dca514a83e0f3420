// npm run bench:rpc — our pure-TypeScript client against libvirt's C client (Debian's
// python3-libvirt, run with /usr/bin/python3) on the same daemon and the same test-driver host, in
// one run. Prints key=value lines; ratios are ours over theirs (latency: ours/theirs, lower is better).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, type LibvirtClient, type remote_nonnull_domain } from '../electron/libvirt';
import { writeTestHostXml } from './lib/test-host';

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const URI = 'test+unix:///default';
const THREADS = [1, 2, 4, 5, 8, 12, 16];
const ROUNDS = 2; // best of; both clients get the same number of tries
const here = path.dirname(fileURLToPath(import.meta.url));

const out = (key: string, value: number | string) => console.log(`${key}=${typeof value === 'number' ? +value.toFixed(3) : value}`);

/** All calls issued at once on one connection: the client pipelines, the daemon works through them. */
async function oursThroughput(client: LibvirtClient, dom: remote_nonnull_domain): Promise<number> {
  const t0 = performance.now();
  const calls: Promise<unknown>[] = new Array(CALLS);
  for (let i = 0; i < CALLS; i++) calls[i] = client.call('DOMAIN_GET_INFO', { dom });
  await Promise.all(calls);
  return CALLS / ((performance.now() - t0) / 1000);
}

async function oursLatencyUs(client: LibvirtClient, dom: remote_nonnull_domain): Promise<number> {
  const lat: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    await client.call('DOMAIN_GET_INFO', { dom });
    lat.push((performance.now() - t0) * 1000);
  }
  lat.sort((a, b) => a - b);
  return lat[lat.length >> 1]!;
}

interface Theirs {
  single: number;
  threaded: Record<string, number>;
  latency_us_p50: number;
}

// Asynchronous on purpose: a blocked event loop could not answer the daemon's keepalive PINGs
// while the baseline runs, and the daemon would drop our connection.
async function theirs(): Promise<Theirs> {
  const { stdout } = await promisify(execFile)('/usr/bin/python3', [path.join(here, 'baseline/c_client_rpc.py'), URI, 'test', String(CALLS), THREADS.join(',')], {
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as Theirs;
}

async function list1000Ms(): Promise<number> {
  const file = writeTestHostXml(path.join(os.tmpdir(), 'virtdeck-bench', 'node-1000.xml'), { domains: 1000, running: 500 });
  const t0 = performance.now();
  const client = await connect(`test+unix://${file}`);
  try {
    const { domains } = await client.call('CONNECT_LIST_ALL_DOMAINS', { need_results: 1, flags: 0 });
    // state + cpu-total + balloon + vcpu + interface + block, for every domain, in one call.
    const { retStats } = await client.call('CONNECT_GET_ALL_DOMAIN_STATS', { doms: [], stats: 1 | 2 | 4 | 8 | 16 | 32, flags: 0 });
    if (domains.length !== 1000 || retStats.length !== 1000) throw new Error(`expected 1000 domains, got ${domains.length}/${retStats.length}`);
    return performance.now() - t0;
  } finally {
    await client.close();
  }
}

async function main() {
  const client = await connect(URI);
  const { dom } = await client.call('DOMAIN_LOOKUP_BY_NAME', { name: 'test' });
  for (let i = 0; i < 500; i++) await client.call('DOMAIN_GET_INFO', { dom }); // warm up (JIT, daemon threads)

  let oursBest = 0;
  let oursLat = Infinity;
  let theirsResult: Theirs | null = null;
  for (let round = 0; round < ROUNDS; round++) {
    oursBest = Math.max(oursBest, await oursThroughput(client, dom));
    oursLat = Math.min(oursLat, await oursLatencyUs(client, dom));
    const t = await theirs();
    if (!theirsResult) theirsResult = t;
    else {
      theirsResult.single = Math.max(theirsResult.single, t.single);
      theirsResult.latency_us_p50 = Math.min(theirsResult.latency_us_p50, t.latency_us_p50);
      for (const k of Object.keys(t.threaded)) theirsResult.threaded[k] = Math.max(theirsResult.threaded[k] ?? 0, t.threaded[k]!);
    }
  }
  await client.close();
  const their = theirsResult!;
  const [bestThreads, theirBest] = Object.entries(their.threaded).reduce((a, b) => (b[1] > a[1] ? b : a));

  out('calls', CALLS);
  out('ours_calls_per_s', oursBest);
  out('ours_latency_us_p50', oursLat);
  out('c_single_calls_per_s', their.single);
  for (const [t, v] of Object.entries(their.threaded)) out(`c_threads_${t}_calls_per_s`, v);
  out('c_best_threads', bestThreads);
  out('c_best_calls_per_s', theirBest);
  out('c_latency_us_p50', their.latency_us_p50);
  out('list_1000_ms', await list1000Ms());
  out('ratio_single', oursBest / their.single);
  out('ratio_best', oursBest / theirBest);
  out('latency_ratio', oursLat / their.latency_us_p50);
}

await main();
