// The hardware/config editing service: read model, validated change application with one
// redefine (diff logged first), live application on running VMs, live tuning reads/writes,
// guest agent info and save/restore. Every method names the VM by host and UUID.
import type { JobRegistry } from '../jobs/job-registry';
import type {
  ApplyResult,
  ConfigChange,
  ConfigIssue,
  GuestInfo,
  HardwareService,
  HostTopology,
  IoTune,
  PreviewResult,
  VcpuPinInfo,
  VmConfig,
} from '../../../preload/contract/hardware';
import { LibvirtError, type LibvirtClient, type remote_nonnull_domain } from '../../libvirt';
import { ApiError } from '../api/api-error';
import { DomainXml, DomainXmlError, domainDiff } from '../domain-xml';
import type { ClientResolver } from '../hosts/client-resolver';
import { uuidToBytes } from '../util/uuid';
import { stageChanges, type StagedChange } from './changes/stage';
import { AFFECT_CONFIG, AFFECT_LIVE, DEFINE_VALIDATE, XML_INACTIVE, XML_SECURE } from './flags';
import { guestInfo } from './guest-agent';
import { applyLive } from './live/apply-live';
import { LiveOps } from './live/live-ops';
import { parseHostTopology } from './read/capabilities';
import { readConfig } from './read/config';
import { liveDifferences } from './read/live-diff';
import * as saveRestore from './save-restore';

interface Target {
  client: LibvirtClient;
  dom: remote_nonnull_domain;
}

export class HardwareOperations implements HardwareService {
  /** One edit at a time per VM: each is read-modify-write of the whole definition. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly resolve: ClientResolver,
    private readonly log: (line: string) => void = (l) => console.info(l),
    /** Save and restore run as jobs (progress, cancel) when given. */
    private readonly jobs?: JobRegistry,
  ) {}

  async getConfig(hostId: string, uuid: string): Promise<VmConfig> {
    const t = await this.lookup(hostId, uuid);
    // SECURE so `hasPassword` is known; the password itself is dropped by the read model.
    const inactive = parse(await this.xml(t, XML_INACTIVE | XML_SECURE));
    const running = await this.isActive(t);
    const host = await this.topology(t.client);
    const config = readConfig(inactive, uuid, running, host);
    if (!running) return config;
    const live = readConfig(parse(await this.xml(t, XML_SECURE)), uuid, true, host);
    return { ...config, live: liveDifferences(config, live) };
  }

  async hostTopology(hostId: string): Promise<HostTopology> {
    return this.topology(this.resolve(hostId));
  }

  async previewChanges(hostId: string, uuid: string, changes: ConfigChange[]): Promise<PreviewResult> {
    const t = await this.lookup(hostId, uuid);
    const before = await this.xml(t, XML_INACTIVE | XML_SECURE);
    const staged = stage(before, changes);
    if ('issues' in staged) return { status: 'invalid', issues: staged.issues };
    return { status: 'preview', diff: domainDiff(before, staged.xml, { fromLabel: `${t.dom.name} (now)`, toLabel: `${t.dom.name} (after)` }) };
  }

  applyChanges(hostId: string, uuid: string, changes: ConfigChange[]): Promise<ApplyResult> {
    const key = `${hostId}/${uuid.toLowerCase()}`;
    const run = (this.queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => this.apply(hostId, uuid, changes));
    this.queues.set(key, run);
    void run.finally(() => this.queues.get(key) === run && this.queues.delete(key)).catch(() => undefined);
    return run;
  }

  private async apply(hostId: string, uuid: string, changes: ConfigChange[]): Promise<ApplyResult> {
    const t = await this.lookup(hostId, uuid);
    // SECURE: the base of a redefine must keep graphics passwords the user did not touch.
    const before = await this.xml(t, XML_INACTIVE | XML_SECURE);
    const staged = stage(before, changes);
    if ('issues' in staged) return { status: 'invalid', issues: staged.issues };
    const labels = { fromLabel: `${t.dom.name} (before)`, toLabel: `${t.dom.name} (after)` };
    this.log(`[virtdeck] redefining ${t.dom.name} on host ${hostId} (${changes.length} change(s)):\n${domainDiff(before, staged.xml, labels) || '(no change)'}`);
    try {
      await t.client.call('DOMAIN_DEFINE_XML_FLAGS', { xml: staged.xml, flags: DEFINE_VALIDATE });
    } catch (err) {
      if (err instanceof LibvirtError) return { status: 'rejected', code: err.codeName, message: err.message };
      throw err;
    }
    const running = await this.isActive(t);
    const outcomes = running
      ? await applyLive(staged.staged, staged.dom, {
          ops: new LiveOps(t.client, t.dom),
          live: parse(await this.xml(t, XML_SECURE)),
          hostCpus: () => this.hostCpus(t.client),
        })
      : staged.staged.map((s) => ({ index: s.index, effect: 'saved' as const }));
    const after = await this.xml(t, XML_INACTIVE | XML_SECURE);
    return { status: 'applied', diff: domainDiff(before, after, labels), outcomes };
  }

  async vcpuPinInfo(hostId: string, uuid: string): Promise<VcpuPinInfo[]> {
    const t = await this.lookup(hostId, uuid);
    const flags = (await this.isActive(t)) ? AFFECT_LIVE : AFFECT_CONFIG;
    return new LiveOps(t.client, t.dom).pinInfo(await this.hostCpus(t.client), flags);
  }

  async getBlockIoTune(hostId: string, uuid: string, target: string): Promise<IoTune> {
    const t = await this.lookup(hostId, uuid);
    const flags = (await this.isActive(t)) ? AFFECT_LIVE : AFFECT_CONFIG;
    return new LiveOps(t.client, t.dom).getIoTune(target, flags);
  }

  async setBlockIoTune(hostId: string, uuid: string, target: string, tune: IoTune): Promise<void> {
    const bad = Object.entries(tune).filter(([, v]) => v !== undefined && (!Number.isInteger(v) || v < 0));
    if (bad.length) throw new ApiError('INVALID_ARGUMENT', bad.map(([k]) => `${k}: a limit must be a whole number ≥ 0`).join('; '));
    const t = await this.lookup(hostId, uuid);
    const flags = (await this.isActive(t)) ? AFFECT_LIVE | AFFECT_CONFIG : AFFECT_CONFIG;
    await new LiveOps(t.client, t.dom).setIoTune(target, tune, flags);
  }

  async guestInfo(hostId: string, uuid: string): Promise<GuestInfo> {
    const t = await this.lookup(hostId, uuid);
    return guestInfo(t.client, t.dom);
  }

  async saveToFile(hostId: string, uuid: string, path: string): Promise<void> {
    const t = await this.lookup(hostId, uuid);
    await saveRestore.checkSaveTarget(t.client, path);
    if (!this.jobs) return saveRestore.saveToFile(t.client, t.dom, path);
    const { result } = this.jobs.run({ hostId, kind: 'save', title: `Save ${t.dom.name} to ${path}` }, (job) =>
      saveRestore.saveToFile(t.client, t.dom, path, job),
    );
    await result;
  }

  async restoreFromFile(hostId: string, path: string, options?: { paused?: boolean }): Promise<void> {
    const client = this.resolve(hostId);
    const run = () => saveRestore.restoreFromFile(client, path, options?.paused ?? false);
    if (!this.jobs) return run();
    // libvirt offers no progress or abort for a restore: the job only shows that it runs.
    await this.jobs.run({ hostId, kind: 'restore', title: `Restore from ${path}`, cancellable: false }, run).result;
  }

  private async topology(client: LibvirtClient): Promise<HostTopology> {
    const { capabilities } = await client.call('CONNECT_GET_CAPABILITIES', undefined);
    return parseHostTopology(capabilities, await this.hostCpus(client));
  }

  /** Host CPU count (bits in a cpumap), present or not, as pinning calls expect. */
  private async hostCpus(client: LibvirtClient): Promise<number> {
    try {
      return (await client.call('NODE_GET_CPU_MAP', { need_map: 0, need_online: 0, flags: 0 })).ret;
    } catch (err) {
      if (!(err instanceof LibvirtError)) throw err;
      return (await client.call('NODE_GET_INFO', undefined)).cpus;
    }
  }

  private async xml(t: Target, flags: number): Promise<string> {
    return (await t.client.call('DOMAIN_GET_XML_DESC', { dom: t.dom, flags })).xml;
  }

  private async isActive(t: Target): Promise<boolean> {
    return (await t.client.call('DOMAIN_IS_ACTIVE', { dom: t.dom })).active !== 0;
  }

  private async lookup(hostId: string, uuid: string): Promise<Target> {
    const client = this.resolve(hostId);
    const { dom } = await client.call('DOMAIN_LOOKUP_BY_UUID', { uuid: uuidToBytes(uuid) });
    return { client, dom };
  }
}

function parse(xml: string): DomainXml {
  try {
    return DomainXml.parse(xml);
  } catch (err) {
    if (err instanceof DomainXmlError) throw new ApiError('INVALID_XML', `libvirt returned a definition we cannot read: ${err.message}`);
    throw err;
  }
}

/** Stages changes on a copy of `before`; the staged XML, or every issue. */
type Staged = { issues: ConfigIssue[] } | { staged: StagedChange[]; dom: DomainXml; xml: string };
function stage(before: string, changes: readonly ConfigChange[]): Staged {
  const original = parse(before);
  const dom = original.clone();
  const { staged, issues } = stageChanges(original, dom, changes);
  if (issues.length) return { issues };
  return { staged, dom, xml: dom.serialize() };
}

/** The factory the core wires into the dispatcher. */
export function createHardwareService(resolve: ClientResolver, jobs?: JobRegistry, log?: (line: string) => void): HardwareService {
  return new HardwareOperations(resolve, log, jobs);
}
