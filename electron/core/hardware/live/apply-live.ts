// After a successful redefine of a running VM: applies what libvirt can change in the running
// instance too (AFFECT_LIVE only — the definition already holds every change). Each change gets
// its own outcome; a live refusal never undoes the saved definition, it means "at next start".
import type { ChangeOutcome, ConfigChange, DevicePatch } from '../../../../preload/contract/hardware';
import { parseCpuset, serializeElement, type Disk, type DomainXml } from '../../domain-xml';
import { resolveDevice } from '../device-registry';
import { writeDevice } from '../changes/device-writes';
import { changeMedia, type StagedChange } from '../changes/stage';
import { ChangeIssues } from '../changes/values';
import { AFFECT_LIVE, METADATA_DESCRIPTION, METADATA_TITLE } from '../flags';
import { LiveOps } from './live-ops';

/** Kinds QEMU hot-plugs and hot-unplugs through libvirt. */
const HOTPLUG = new Set(['disk', 'nic', 'hostdev', 'redirdev']);

/** Patch keys that can be updated on the running device, per kind. */
const LIVE_UPDATABLE: Record<string, ReadonlySet<string>> = {
  disk: new Set(['source', 'iotune']),
  nic: new Set(['linkState']),
  graphics: new Set(['password']),
};

interface Ctx {
  ops: LiveOps;
  live: DomainXml;
  hostCpus: () => Promise<number>;
}

type Effect = Omit<ChangeOutcome, 'index'>;
const restart = (message?: string): Effect => (message ? { effect: 'restart', message } : { effect: 'restart' });

/** Serializes a device of the live document for update/detach, without status-only attributes. */
function liveDeviceXml(el: import('@xmldom/xmldom').Element): string {
  // `<source index=…>` is status data; libvirt ignores or rejects it in device XML it parses.
  const sources = el.getElementsByTagName('source');
  for (let i = 0; i < sources.length; i++) sources.item(i)?.removeAttribute('index');
  return serializeElement(el);
}

async function updateDevice(c: Extract<ConfigChange, { kind: 'update-device' }>, ctx: Ctx): Promise<Effect> {
  const keys = Object.keys(c.device.props).filter((k) => (c.device.props as Record<string, unknown>)[k] !== undefined);
  const allowed = LIVE_UPDATABLE[c.device.kind];
  if (!allowed || !keys.every((k) => allowed.has(k))) return restart();
  const found = resolveDevice(ctx.live, c.id);
  if (!found) return restart('the device is not in the running VM');
  const props = c.device.props as Record<string, unknown>;
  if (c.device.kind === 'disk') {
    const disk = found.view as unknown as Disk;
    if (keys.includes('source') && !disk.isRemovable) return restart();
    if (keys.includes('iotune')) {
      const tune = (props.iotune ?? {}) as Record<string, number | undefined>;
      // The whole set is replaced, as in the definition: unspecified limits are lifted (0).
      const all = Object.fromEntries(['readBytesSec', 'writeBytesSec', 'totalBytesSec', 'readIopsSec', 'writeIopsSec', 'totalIopsSec'].map((k) => [k, tune[k] ?? 0]));
      await ctx.ops.setIoTune(disk.targetDev ?? '', all, AFFECT_LIVE);
    }
    if (keys.includes('source')) {
      changeMedia(found.view, (props.source as string | null) ?? null, new ChangeIssues([], 0, ''));
      await ctx.ops.update(liveDeviceXml(found.view.el), AFFECT_LIVE);
    }
    return { effect: 'live' };
  }
  writeDevice(found.kind, found.view, props, { dom: ctx.live, adding: false, issues: new ChangeIssues([], 0, '') });
  await ctx.ops.update(liveDeviceXml(found.view.el), AFFECT_LIVE);
  return { effect: 'live' };
}

async function liveOne(s: StagedChange, staged: DomainXml, ctx: Ctx): Promise<Effect> {
  const c = s.change;
  switch (c.kind) {
    case 'general':
      if (c.title !== undefined) await ctx.ops.setMetadata(METADATA_TITLE, c.title || null, AFFECT_LIVE);
      if (c.description !== undefined) await ctx.ops.setMetadata(METADATA_DESCRIPTION, c.description || null, AFFECT_LIVE);
      return { effect: 'live' };
    case 'memory': {
      const later: string[] = [];
      if (c.maxKiB !== undefined) later.push('maximum memory');
      if (c.hugepages !== undefined) later.push('hugepages');
      if (c.currentKiB !== undefined) {
        const max = await ctx.ops.liveMaxMemoryKiB();
        if (c.currentKiB > max) later.push(`current memory (the running VM can get at most ${max} KiB)`);
        else await ctx.ops.setMemoryKiB(c.currentKiB, AFFECT_LIVE);
      }
      return later.length ? restart(`${later.join(', ')} after a restart`) : { effect: 'live' };
    }
    case 'vcpus': {
      const later: string[] = [];
      if (c.max !== undefined) later.push('maximum vCPUs');
      const want = c.current ?? (c.max !== undefined ? staged.vcpu.current ?? staged.vcpu.count : undefined);
      if (want !== undefined) {
        const max = await ctx.ops.maxVcpus(AFFECT_LIVE);
        if (want > max) later.push(`vCPUs (the running VM can have at most ${max})`);
        else if (c.current !== undefined) await ctx.ops.setVcpus(want, AFFECT_LIVE);
      }
      return later.length ? restart(`${later.join(', ')} after a restart`) : { effect: 'live' };
    }
    case 'pin': {
      const host = await ctx.hostCpus();
      const cpus = c.cpuset === null ? Array.from({ length: host }, (_, i) => i) : parseCpuset(c.cpuset);
      await ctx.ops.pinVcpu(c.vcpu, cpus, host, AFFECT_LIVE);
      return { effect: 'live' };
    }
    case 'cpu':
    case 'boot':
      return restart();
    case 'add-device':
      if (!HOTPLUG.has(c.device.kind) || !s.device) return restart();
      await ctx.ops.attach(serializeElement(s.device.el), AFFECT_LIVE);
      return { effect: 'live' };
    case 'remove-device': {
      const found = resolveDevice(ctx.live, c.id);
      if (!found) return { effect: 'live' };
      if (!HOTPLUG.has(found.kind)) return restart();
      await ctx.ops.detach(liveDeviceXml(found.view.el), AFFECT_LIVE);
      return { effect: 'live' };
    }
    case 'change-media':
      return updateDevice({ kind: 'update-device', id: c.id, device: { kind: 'disk', props: { source: c.path } } as DevicePatch }, ctx);
    case 'update-device':
      return updateDevice(c, ctx);
  }
}

export async function applyLive(staged: readonly StagedChange[], stagedDom: DomainXml, ctx: Ctx): Promise<ChangeOutcome[]> {
  const out: ChangeOutcome[] = [];
  for (const s of staged) {
    try {
      out.push({ index: s.index, ...(await liveOne(s, stagedDom, ctx)) });
    } catch (err) {
      out.push({ index: s.index, effect: 'live-failed', message: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}
