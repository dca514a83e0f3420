/**
 * Records real reply/event/stream frames from a libvirt daemon into the fuzz-test seed corpus
 * (electron/libvirt/testing/fixtures/captured-frames.json). Run once against the test driver:
 *
 *   node --import tsx scripts/capture-rpc-fixture.ts [test+unix:///default]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dial } from '../electron/libvirt/transport';
import { openClient } from '../electron/libvirt/open';
import { Framer } from '../electron/libvirt/rpc';

const uri = process.argv[2] ?? 'test+unix:///default';
const MAX_FRAME = 4096; // keep the fixture small: larger frames are cut (the fuzzer truncates anyway)

async function main(): Promise<void> {
  const { stream, openName } = await dial(uri);
  const frames: Buffer[] = [];
  const framer = new Framer();
  stream.on('data', (d: Buffer) => framer.push(d, (f) => frames.push(Buffer.from(f))));
  const c = await openClient(stream, openName, { keepalive: false });

  const { dom } = await c.call('DOMAIN_LOOKUP_BY_NAME', { name: 'test' });
  await c.call('CONNECT_GET_HOSTNAME', undefined);
  await c.call('CONNECT_GET_VERSION', undefined);
  await c.call('CONNECT_GET_LIB_VERSION', undefined);
  await c.call('CONNECT_LIST_ALL_DOMAINS', { need_results: 1, flags: 0 });
  await c.call('CONNECT_LIST_ALL_NETWORKS', { need_results: 1, flags: 0 });
  await c.call('CONNECT_LIST_ALL_STORAGE_POOLS', { need_results: 1, flags: 0 });
  await c.call('NODE_GET_INFO', undefined);
  await c.call('DOMAIN_GET_INFO', { dom });
  await c.call('DOMAIN_GET_STATE', { dom, flags: 0 });
  await c.call('DOMAIN_GET_XML_DESC', { dom, flags: 0 });
  await c.call('DOMAIN_GET_SCHEDULER_PARAMETERS', { dom, nparams: 16 });
  await c.call('DOMAIN_GET_VCPUS', { dom, maxinfo: 2, maplen: 1 }).catch(() => {});
  await c.call('DOMAIN_LOOKUP_BY_NAME', { name: 'no-such-domain' }).catch(() => {});
  const sub = await c.events.onDomain('lifecycle', () => {});
  await c.call('DOMAIN_SUSPEND', { dom });
  await c.call('DOMAIN_RESUME', { dom });
  await new Promise((r) => setTimeout(r, 300));
  await sub.unsubscribe();
  const { stream: shot } = await c.openStream('DOMAIN_SCREENSHOT', { dom, screen: 0, flags: 0 });
  for await (const _ of shot) void _;
  await c.close();

  const out = frames.map((f) => {
    let b = f;
    if (b.length > MAX_FRAME) {
      b = Buffer.from(b.subarray(0, MAX_FRAME));
      b.writeUInt32BE(MAX_FRAME, 0);
    }
    return b.toString('base64');
  });
  const file = join(import.meta.dirname, '..', 'electron', 'libvirt', 'testing', 'fixtures', 'captured-frames.json');
  writeFileSync(file, JSON.stringify({ source: `${uri} (libvirt test driver)`, frames: out }, null, 1) + '\n');
  console.log(`wrote ${out.length} frames to ${file}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
