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
const LIST_ROUNDS = 3; // the same for the 1000-domain listing
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

interface ListTimes {
  open_ms: number;
  calls_ms: number;
  total_ms: number;
}

/**
 * Connect to a fresh 1000-domain test host and list every domain with its stats, best of
 * LIST_ROUNDS, split into opening the connection (which includes the daemon parsing the host's
 * XML: the same for any client) and the two calls.
 */
async function list1000(uri: string): Promise<ListTimes> {
  const best = { open_ms: Infinity, calls_ms: Infinity, total_ms: Infinity };
  for (let round = 0; round < LIST_ROUNDS; round++) {
    const t0 = performance.now();
    const client = await connect(uri);
    try {
      const t1 = performance.now();
      const { domains } = await client.call('CONNECT_LIST_ALL_DOMAINS', { need_results: 1, flags: 0 });
      // state + cpu-total + balloon + vcpu + interface + block, for every domain, in one call.
      const { retStats } = await client.call('CONNECT_GET_ALL_DOMAIN_STATS', { doms: [], stats: 1 | 2 | 4 | 8 | 16 | 32, flags: 0 });
      const t2 = performance.now();
      if (domains.length !== 1000 || retStats.length !== 1000) throw new Error(`expected 1000 domains, got ${domains.length}/${retStats.length}`);
      best.open_ms = Math.min(best.open_ms, t1 - t0);
      best.calls_ms = Math.min(best.calls_ms, t2 - t1);
      best.total_ms = Math.min(best.total_ms, t2 - t0);
    } finally {
      await client.close();
    }
  }
  return best;
}

async function theirList1000(uri: string): Promise<ListTimes> {
  const { stdout } = await promisify(execFile)('/usr/bin/python3', [path.join(here, 'baseline/c_client_list.py'), uri, String(LIST_ROUNDS)], { encoding: 'utf8' });
  return JSON.parse(stdout) as ListTimes;
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
  const listUri = `test+unix://${writeTestHostXml(path.join(os.tmpdir(), 'virtdeck-bench', 'node-1000.xml'), { domains: 1000, running: 500 })}`;
  const ourList = await list1000(listUri);
  const theirList = await theirList1000(listUri);
  out('list_1000_open_ms', ourList.open_ms);
  out('list_1000_calls_ms', ourList.calls_ms);
  out('c_list_1000_open_ms', theirList.open_ms);
  out('c_list_1000_calls_ms', theirList.calls_ms);
  out('c_list_1000_ms', theirList.total_ms);
  out('list_1000_ratio', ourList.total_ms / theirList.total_ms);
  out('ratio_single', oursBest / their.single);
  out('ratio_best', oursBest / theirBest);
  out('latency_ratio', oursLat / their.latency_us_p50);
  out('list_1000_ms', ourList.total_ms);
}

await main();
