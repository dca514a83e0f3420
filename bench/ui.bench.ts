// UI benchmark: the real renderer bundle in Debian's Chromium with 5000 VMs on 10 hosts, the VM
// table scrolling continuously while stats ticks for every host arrive each second, ~100 CPU
// sparklines in view redrawing on every tick.
//
// It uses a FAKE BRIDGE, not the real core: a small script (served as a file, the CSP allows no
// inline script) defines `window.virtdeck` answering hosts.list / vms.list with 10 connected
// hosts × 500 running VMs and pushing one `stats-tick` event per host every second (first tick with
// the key table, then columns only, as the stats engine does), each a structured clone of a
// prepared event, as Electron's IPC delivers it. Measuring the renderer at this size
// against the real core would need 5000 domains in libvirtd; what is measured here is only the UI.
//
// Prints key=value lines:
//   scroll_frame_ms_p50/p95/p99/max  requestAnimationFrame deltas while scrolling (target p95 ≤ 16.7)
//   frames, long_frames              frames measured; frames over 25 ms
//   tick_script_ms_p50/p95/max       script per tick of all 10 hosts, measured in a second phase with
//                                    the table still: the dispatch of the 10 events through the app's
//                                    listeners (and the microtasks it queued) plus all animation-frame callbacks (and the Vue flushes
//                                    after them) of the next 8 frames, where the rows re-render what
//                                    the tick changed, plus messages the app posts to workers
//                                    outside those callbacks until then (target p95 < 4)
//   tick_split_ms_all                with UI_BENCH_ALL_TICKS=1: every tick as dispatch/frames/posts
//   cdp_script_ms_per_s              CDP Performance.getMetrics ScriptDuration over the scroll phase, per second
//   visible_sparklines               rows with a live canvas (sparkline, rates) while measuring
//   cpus, loadavg_1m                 the machine's context: software raster (--disable-gpu) is CPU-bound
// UI_BENCH_TRACE=trace.json records a Chromium trace of the still phase, UI_BENCH_PROFILE=x.cpuprofile
// a JavaScript CPU profile of it.
// UI_BENCH_ROOT=dir measures another build of the renderer (e.g. a git worktree of an older commit).
// UI_BENCH_ALL_TICKS=1 also prints every tick's figure (tick_script_ms_all).
// Run: npm run bench:ui   (node --import tsx bench/ui.bench.ts); UI_BENCH_SECONDS=15 (scrolling) and
// UI_BENCH_TICKS=30 (still) by default.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { DEFAULT_SETTINGS } from '../preload/contract/settings';
import { CONTENT_SECURITY_POLICY } from '../electron/core/static/csp';
import { readStatic } from '../electron/core/static/static-files';

const ROOT = path.resolve(process.env.UI_BENCH_ROOT ?? 'out/renderer');
const SECONDS = Number(process.env.UI_BENCH_SECONDS ?? 15);
const STILL_TICKS = Number(process.env.UI_BENCH_TICKS ?? 30);
const HOSTS = 10;
const VMS_PER_HOST = 500;
const out = (k: string, v: number | string) => console.log(`${k}=${typeof v === 'number' ? Math.round(v * 100) / 100 : v}`);

if (!existsSync(path.join(ROOT, 'index.html'))) {
  console.error('# building the renderer (electron-vite build)…');
  execFileSync(path.resolve('node_modules/.bin/electron-vite'), ['build'], { stdio: 'inherit' });
}

// The fake bridge. Plain JS, runs in the page before the app's module script.
const fakeBridge = `(() => {
  const HOSTS = ${HOSTS}, PER = ${VMS_PER_HOST};
  const settings = ${JSON.stringify(DEFAULT_SETTINGS)};
  const uuid = (h, i) => (h.toString(16).padStart(8, '0') + '-0000-4000-8000-' + i.toString(16).padStart(12, '0'));
  const hosts = [], vms = [], keys = [];
  // Guest OSes as the inventory reports them (libosinfo metadata); null: none recorded.
  const os = (id, family, distro, label) => ({ id, family, distro, label });
  const OSES = [
    os('http://debian.org/debian/12', 'linux', 'debian', 'Debian 12'),
    os('http://ubuntu.com/ubuntu/24.04', 'linux', 'ubuntu', 'Ubuntu 24.04 LTS'),
    os('http://ubuntu.com/ubuntu/22.04', 'linux', 'ubuntu', 'Ubuntu 22.04 LTS'),
    os('http://redhat.com/rhel/9.4', 'linux', 'rhel', 'Red Hat Enterprise Linux 9.4'),
    os('http://rockylinux.org/rocky/9', 'linux', 'rocky', 'Rocky Linux 9'),
    os('http://fedoraproject.org/fedora/40', 'linux', 'fedora', 'Fedora 40'),
    os('http://microsoft.com/win/2k22', 'windows', 'win', 'Windows Server 2022'),
    os('http://microsoft.com/win/11', 'windows', 'win', 'Windows 11'),
    os('http://alpinelinux.org/alpinelinux/3.19', 'linux', 'alpine', 'Alpine Linux 3.19'),
    os('http://freebsd.org/freebsd/14.0', 'bsd', 'freebsd', 'FreeBSD 14.0'),
    os('http://libosinfo.org/linux/2022', 'linux', null, 'Generic Linux 2022'),
    null,
  ];
  for (let h = 0; h < HOSTS; h++) {
    const id = uuid(h + 1, 0);
    hosts.push({ id, name: 'kvm-' + String(h + 1).padStart(2, '0'), uri: 'qemu+ssh://root@kvm' + (h + 1) + '/system', status: { state: 'connected' }, hostname: 'kvm' + (h + 1), hypervisor: 'QEMU' });
    const k = [];
    for (let i = 0; i < PER; i++) {
      const u = uuid(h + 1, i + 1);
      k.push(u);
      vms.push({ hostId: id, uuid: u, name: 'vm-' + String(h * PER + i).padStart(5, '0'), id: i + 1, state: 'running', vcpus: 1 + (i % 8), memoryKiB: 1048576 * (1 + (i % 16)), maxMemoryKiB: 16777216, persistent: true, title: '', autostart: false, group: null, tags: [], os: OSES[(i * 7 + h) % OSES.length] });
    }
    keys.push(k);
  }
  const listeners = new Set();
  const answers = {
    'hosts.list': () => hosts, 'vms.list': () => vms, 'jobs.list': () => [], 'settings.get': () => settings,
    'stats.current': () => null, 'stats.hostHistory': () => null, 'stats.config': () => settings.stats,
  };
  window.virtdeck = Object.freeze({
    invoke: async (s, m) => ({ ok: true, value: (answers[s + '.' + m] || (() => null))() }),
    onEvent: (l) => { listeners.add(l); return () => listeners.delete(l); },
  });
  // Ticks: one event per host each second, all at once (as the engine's per-host timers line up).
  const bench = (window.__bench = { tickMs: [], split: [], still: false });
  let seq = 0;
  const column = (n, f) => Float64Array.from({ length: n }, (_, i) => f(i));
  // Tick payloads are generated once, up front (the generator is the bench, not the app, and its
  // garbage must not land in the app's measurements): a few sets of events, cycled. Each tick
  // copies its set with structuredClone, as IPC delivers events, stamps time and sequence on the
  // copies and dispatches them.
  function payload(withKeys, variant) {
    return hosts.map((h, hi) => ({
      type: 'stats-tick', hostId: h.id, t: -1, seq: -2, keysVersion: 1, keys: withKeys ? keys[hi] : undefined,
      host: { cpu: 20 + 30 * Math.random(), memUsed: 40e6 * Math.random(), memTotal: 64e6, running: PER, active: PER, cpus: 64 },
      vms: {
        cpu: column(PER, (i) => Math.max(0, 5 + 4 * Math.sin((variant + i) / 5) + Math.random() * (i % 7))),
        cpuVcpu: column(PER, () => Math.random() * 100),
        memUsed: column(PER, (i) => 524288 * (1 + (i % 16)) * Math.random()),
        memTotal: column(PER, (i) => 1048576 * (1 + (i % 16))),
        diskRd: column(PER, () => Math.random() * 5e6), diskWr: column(PER, () => Math.random() * 5e6),
        diskRdIops: column(PER, () => Math.random() * 300), diskWrIops: column(PER, () => Math.random() * 300),
        netRx: column(PER, () => Math.random() * 1e6), netTx: column(PER, () => Math.random() * 1e6),
        state: new Uint8Array(PER).fill(1),
      },
    }));
  }
  const first = payload(true, 0);
  const pool = [1, 2, 3, 4, 5].map((v) => payload(false, v * 7));
  const eventsOf = (n) => (n === 1 ? first : pool[n % pool.length]);
  // Script time of one tick, measured while nothing else runs (bench.still): the dispatch plus
  // every animation-frame callback of the next FRAMES frames, where the app renders what the tick
  // changed (Vue flushes in microtasks right after each callback). Frame callbacks run in the
  // order they were requested, so the bench keeps one callback ahead of the app's in every frame
  // ('before': requested by the previous 'before', which ran ahead of the app) and one behind
  // ('after': requested by the previous 'after', which ran after the app had requested its own).
  const FRAMES = 8;
  // Handing work to a worker is script the tick costs wherever the app does it: messages posted
  // to workers outside the measured callbacks while a tick is measured are added to that tick.
  let open = null; // { dispatch, extra } of the tick being measured, until its last frame
  let inSpan = false;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (...args) {
    const t = performance.now();
    try {
      return post.apply(this, args);
    } finally {
      if (open && !inSpan) open.extra += performance.now() - t;
    }
  };
  function tick() {
    seq++;
    const events = structuredClone(eventsOf(seq));
    for (const e of events) { e.t = Date.now(); e.seq = seq; }
    const measure = bench.still;
    let t0 = 0;
    let total = 0;
    let frames = 0;
    // The bench's own requestAnimationFrame calls stay outside the measured span.
    const before = () => {
      if (frames + 1 < FRAMES) requestAnimationFrame(before);
      inSpan = true;
      t0 = performance.now();
    };
    const after = () => {
      total += performance.now() - t0;
      inSpan = false;
      if (++frames < FRAMES) requestAnimationFrame(after);
      else {
        bench.tickMs.push(total + open.extra);
        bench.split.push([open.dispatch, total - open.dispatch, open.extra].map((x) => x.toFixed(1)).join('/'));
        open = null;
      }
    };
    if (measure) {
      requestAnimationFrame(before);
      open = { dispatch: 0, extra: 0 };
    }
    inSpan = true;
    const start = performance.now();
    for (const e of events) for (const l of listeners) l(e);
    // Microtasks the dispatch queued (the app's batched work) run before this one: they count.
    queueMicrotask(() => {
      total = performance.now() - start;
      inSpan = false;
      if (measure) {
        open.dispatch = total;
        requestAnimationFrame(after);
      }
    });
  }
  setInterval(tick, 1000);
})();`;

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers = { 'content-security-policy': CONTENT_SECURITY_POLICY };
  if (url.pathname === '/__bench/bridge.js') {
    res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(fakeBridge);
    return;
  }
  const file = await readStatic(ROOT, url.pathname);
  if (!file) {
    res.writeHead(404).end();
    return;
  }
  let body = file.body;
  if (file.type.startsWith('text/html')) body = Buffer.from(body.toString('utf8').replace('<head>', '<head>\n<script src="/__bench/bridge.js"></script>'));
  res.writeHead(200, { ...headers, 'content-type': file.type }).end(body);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as AddressInfo).port;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  // Tall enough for ~100 rows (36 px) in view.
  const page = await browser.newPage({ viewport: { width: 1400, height: Number(process.env.UI_BENCH_HEIGHT ?? 3950) } });
  const errors: string[] = [];
  page.on('pageerror', (e) => {
    errors.push(e.message);
    console.error(`# page error: ${e.message}`);
  });
  await page.goto(`http://127.0.0.1:${port}/index.html`);
  await page.getByTestId('vm-row-vm-00000').waitFor();
  // Let the first ticks fill the sparkline rings a little.
  await page.waitForTimeout(3500);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const scriptSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration')!.value;

  const s0 = await scriptSeconds();
  // In-page code as text: tsx would wrap named functions in a helper the page does not have.
  const result = (await page.evaluate(`(async (seconds) => {
    const bench = window.__bench;
    const body = document.querySelector('[data-testid=vm-grid-body]');
    const frames = [];
    const sparks = [];
    let last = performance.now();
    let dir = 1;
    await new Promise((resolve) => {
      const end = last + seconds * 1000;
      const step = (now) => {
        frames.push(now - last);
        last = now;
        // ~2 rows per frame, bouncing between the ends.
        body.scrollTop += 72 * dir;
        if (body.scrollTop + body.clientHeight >= body.scrollHeight - 1) dir = -1;
        else if (body.scrollTop <= 0) dir = 1;
        if (frames.length % 30 === 0) sparks.push([...document.querySelectorAll('[data-testid=vm-live-canvas]')].filter((c) => c.checkVisibility()).reduce((n, c) => n + Number(c.dataset.rows), 0));
        if (now < end) requestAnimationFrame(step);
        else resolve();
      };
      requestAnimationFrame(step);
    });
    return { frames: frames.slice(2), sparks };
  })(${SECONDS})`)) as { frames: number[]; sparks: number[] };
  const s1 = await scriptSeconds();

  // Still phase: the table at rest, ticks measured one by one. UI_BENCH_TRACE=file records a
  // Chromium trace of this phase (open it in chrome://tracing or Perfetto).
  const traceFile = process.env.UI_BENCH_TRACE;
  const profileFile = process.env.UI_BENCH_PROFILE;
  if (profileFile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  if (traceFile) await browser.startTracing(page, { path: traceFile, categories: ['devtools.timeline', 'blink', 'cc', 'viz', 'gpu', 'disabled-by-default-devtools.timeline'] });
  const still = (await page.evaluate(`(async (n) => {
    const bench = window.__bench;
    bench.tickMs.length = 0;
    bench.still = true;
    const give = Date.now() + 10000 + n * 3000;
    while (bench.tickMs.length < n) {
      if (Date.now() > give) throw new Error('only ' + bench.tickMs.length + ' of ' + n + ' ticks measured');
      await new Promise((r) => setTimeout(r, 200));
    }
    bench.still = false;
    return { ms: bench.tickMs.slice(0, n), split: bench.split.slice(0, n) };
  })(${STILL_TICKS})`)) as { ms: number[]; split: string[] };
  if (traceFile) await browser.stopTracing();
  if (profileFile) writeFileSync(profileFile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  const ticks = still.ms;

  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
  };
  out('cpus', os.cpus().length);
  out('loadavg_1m', os.loadavg()[0]!);
  out('viewport_height', Number(process.env.UI_BENCH_HEIGHT ?? 3950));
  out('hosts', HOSTS);
  out('vms', HOSTS * VMS_PER_HOST);
  out('seconds', SECONDS);
  out('visible_sparklines', Math.round(result.sparks.reduce((a, b) => a + b, 0) / Math.max(1, result.sparks.length)));
  out('frames', result.frames.length);
  out('long_frames', result.frames.filter((f) => f > 25).length);
  out('scroll_frame_ms_p50', pct(result.frames, 50));
  out('scroll_frame_ms_p95', pct(result.frames, 95));
  out('scroll_frame_ms_p99', pct(result.frames, 99));
  out('scroll_frame_ms_max', Math.max(...result.frames));
  out('ticks', ticks.length);
  out('tick_script_ms_p50', pct(ticks, 50));
  out('tick_script_ms_p95', pct(ticks, 95));
  out('tick_script_ms_max', Math.max(...ticks));
  if (process.env.UI_BENCH_ALL_TICKS) {
    out('tick_script_ms_all', ticks.map((x) => x.toFixed(1)).join(' '));
    out('tick_split_ms_all', still.split.join(' '));
  }
  out('cdp_script_ms_per_s', ((s1 - s0) * 1000) / SECONDS);
  if (errors.length) out('page_errors', errors.length);
} finally {
  await browser.close();
  server.close();
}
