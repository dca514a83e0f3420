// The storage service: pools and volumes on one host at a time, through our libvirt client.
import path from 'node:path';
import type {
  CloneVolumeSpec,
  CreateVolumeSpec,
  DefinePoolOptions,
  DefinePoolResult,
  DownloadSpec,
  PoolSpec,
  PoolState,
  PoolSummary,
  ResizeVolumeOptions,
  StepProblem,
  StorageService,
  TransferResult,
  UploadSpec,
  VolumeSummary,
  VolumeType,
  WipeAlgorithm,
} from '../../../preload/contract/storage';
import { WIPE_ALGORITHMS } from '../../../preload/contract/storage';
import { LibvirtError, type LibvirtClient, type remote_nonnull_storage_pool, type remote_nonnull_storage_vol } from '../../libvirt';
import { ApiError, toErrorInfo } from '../api/api-error';
import type { ClientResolver } from '../hosts/client-resolver';
import type { JobRegistry, JobSpec } from '../jobs/job-registry';
import { toNumber } from '../util/numbers';
import { uuidToString } from '../util/uuid';
import { buildPoolXml, poolSpecProblems, readPoolXml } from './pool-xml';
import { formatBytes, parseSizeResult } from './size';
import { downloadToFile, uploadFile, type TransferControl } from './transfer';
import { Problems, checkObjectName } from './validate';
import { FILE_POOL_TYPES, planVolume, readVolumeXml, volumeXml } from './volume-xml';

const POOL_STATES: PoolState[] = ['inactive', 'building', 'running', 'degraded', 'inaccessible'];
const VOLUME_TYPES: VolumeType[] = ['file', 'block', 'dir', 'network', 'netdir', 'ploop'];

// virStoragePoolBuildFlags
const BUILD_OVERWRITE = 8;
const BUILD_NO_OVERWRITE = 4;
/** Pool types libvirt can build, and those where building may destroy data (so NO_OVERWRITE matters). */
const BUILDABLE = new Set(['dir', 'fs', 'netfs', 'logical', 'disk']);
const BUILD_CAN_DESTROY = new Set(['fs', 'logical', 'disk']);
// virStorageVolResizeFlags
const RESIZE_SHRINK = 4;

const isLibvirt = (e: unknown, code: string) => e instanceof LibvirtError && e.codeName === code;

/** Only the parts of a libvirt error a user should read. */
const reason = (e: unknown) => toErrorInfo(e).message;

export interface StorageServiceOptions {
  /** Uploads, downloads and volume clones run as jobs here. */
  jobs: JobRegistry;
  /** How often a running clone's allocation is polled for progress (default 500 ms). */
  clonePollMs?: number;
}

export class StorageServiceImpl implements StorageService {
  constructor(
    private readonly clients: ClientResolver,
    private readonly options: StorageServiceOptions,
  ) {}

  // ---- pools ----

  async listPools(hostId: string): Promise<PoolSummary[]> {
    const client = this.clients(hostId);
    const { pools } = await client.call('CONNECT_LIST_ALL_STORAGE_POOLS', { need_results: 1, flags: 0 });
    const all = await Promise.all(
      pools.map((p) =>
        poolSummary(client, hostId, p).catch((e: unknown) => {
          // Undefined between list and look: skip it.
          if (isLibvirt(e, 'VIR_ERR_NO_STORAGE_POOL')) return null;
          throw e;
        }),
      ),
    );
    return all.filter((p): p is PoolSummary => p !== null).sort((a, b) => a.name.localeCompare(b.name));
  }

  async getPool(hostId: string, pool: string): Promise<PoolSummary> {
    const client = this.clients(hostId);
    return poolSummary(client, hostId, await lookupPool(client, pool));
  }

  async poolXml(hostId: string, pool: string, inactive = false): Promise<string> {
    const client = this.clients(hostId);
    const p = await lookupPool(client, pool);
    return (await client.call('STORAGE_POOL_GET_XML_DESC', { pool: p, flags: inactive ? 1 : 0 })).xml;
  }

  async previewPoolXml(hostId: string, spec: PoolSpec): Promise<string> {
    this.clients(hostId);
    return buildPoolXml(spec);
  }

  async definePool(hostId: string, spec: PoolSpec, options: DefinePoolOptions = {}): Promise<DefinePoolResult> {
    const client = this.clients(hostId);
    // Everything that can be known before touching the host, reported together.
    const p = new Problems();
    for (const problem of poolSpecProblems(spec)) p.add(problem);
    if (options.overwrite && !options.build) p.add('overwrite only applies when building the pool');
    if (options.build && !BUILDABLE.has(spec.type)) p.add(`${spec.type} pools cannot be built (the storage must already exist)`);
    const existing = await this.listPools(hostId);
    if (existing.some((e) => e.name === spec.name)) p.add(`a pool named "${spec.name}" already exists on this host`);
    const target = 'targetPath' in spec ? spec.targetPath : undefined;
    if (target !== undefined && ['dir', 'fs', 'netfs'].includes(spec.type)) {
      const clash = existing.find((e) => e.targetPath === target);
      if (clash) p.add(`pool "${clash.name}" already uses ${target}`);
    }
    p.throwIfAny(`pool "${spec.name}" cannot be defined`);
    const xml = buildPoolXml(spec);

    const { pool } = await client.call('STORAGE_POOL_DEFINE_XML', { xml, flags: 0 });
    if (options.build) {
      let flags = 0;
      if (BUILD_CAN_DESTROY.has(spec.type)) flags = options.overwrite ? BUILD_OVERWRITE : BUILD_NO_OVERWRITE;
      try {
        await client.call('STORAGE_POOL_BUILD', { pool, flags });
      } catch (err) {
        // Leave nothing behind that we made: the definition goes again.
        const info = toErrorInfo(err);
        let undo = 'its definition was removed again';
        await client.call('STORAGE_POOL_UNDEFINE', { pool }).catch((e: unknown) => {
          undo = `removing its definition failed too (${reason(e)}); undefine it by hand`;
        });
        throw new ApiError(info.code, `building pool "${spec.name}" failed, so ${undo}: ${info.message}`);
      }
    }
    const problems: StepProblem[] = [];
    if (options.autostart) {
      await client.call('STORAGE_POOL_SET_AUTOSTART', { pool, autostart: 1 }).catch((e: unknown) => {
        problems.push({ step: 'autostart', ...toErrorInfo(e), message: `pool "${spec.name}" was defined but autostart could not be set: ${reason(e)}` });
      });
    }
    if (options.start) {
      await client.call('STORAGE_POOL_CREATE', { pool, flags: 0 }).catch((e: unknown) => {
        problems.push({ step: 'start', ...toErrorInfo(e), message: `pool "${spec.name}" was defined but could not be started: ${reason(e)}` });
      });
    }
    return { pool: await poolSummary(client, hostId, pool), problems };
  }

  async buildPool(hostId: string, pool: string, options: { overwrite?: boolean } = {}): Promise<void> {
    const client = this.clients(hostId);
    const p = await lookupPool(client, pool);
    const { type } = readPoolXml((await client.call('STORAGE_POOL_GET_XML_DESC', { pool: p, flags: 0 })).xml);
    let flags = 0;
    if (BUILD_CAN_DESTROY.has(type)) flags = options.overwrite ? BUILD_OVERWRITE : BUILD_NO_OVERWRITE;
    else if (options.overwrite) throw new ApiError('INVALID_ARGUMENT', `overwrite does not apply to ${type} pools`);
    await client.call('STORAGE_POOL_BUILD', { pool: p, flags });
  }

  async startPool(hostId: string, pool: string): Promise<void> {
    const client = this.clients(hostId);
    await client.call('STORAGE_POOL_CREATE', { pool: await lookupPool(client, pool), flags: 0 });
  }

  async stopPool(hostId: string, pool: string): Promise<void> {
    const client = this.clients(hostId);
    await client.call('STORAGE_POOL_DESTROY', { pool: await lookupPool(client, pool) });
  }

  async setPoolAutostart(hostId: string, pool: string, autostart: boolean): Promise<void> {
    const client = this.clients(hostId);
    await client.call('STORAGE_POOL_SET_AUTOSTART', { pool: await lookupPool(client, pool), autostart: autostart ? 1 : 0 });
  }

  async refreshPool(hostId: string, pool: string): Promise<void> {
    const client = this.clients(hostId);
    await client.call('STORAGE_POOL_REFRESH', { pool: await lookupPool(client, pool), flags: 0 });
  }

  async undefinePool(hostId: string, pool: string): Promise<void> {
    const client = this.clients(hostId);
    await client.call('STORAGE_POOL_UNDEFINE', { pool: await lookupPool(client, pool) });
  }

  async deletePool(hostId: string, pool: string): Promise<void> {
    const client = this.clients(hostId);
    await client.call('STORAGE_POOL_DELETE', { pool: await lookupPool(client, pool), flags: 0 });
  }

  // ---- volumes ----

  async listVolumes(hostId: string, pool: string): Promise<VolumeSummary[]> {
    const client = this.clients(hostId);
    const p = await lookupPool(client, pool);
    const { vols } = await client.call('STORAGE_POOL_LIST_ALL_VOLUMES', { pool: p, need_results: 1, flags: 0 });
    const all = await Promise.all(
      vols.map((vol) =>
        volumeSummary(client, hostId, vol).catch((e: unknown) => {
          if (isLibvirt(e, 'VIR_ERR_NO_STORAGE_VOL')) return null;
          throw e;
        }),
      ),
    );
    return all.filter((v): v is VolumeSummary => v !== null).sort((a, b) => a.name.localeCompare(b.name));
  }

  async getVolume(hostId: string, pool: string, volume: string): Promise<VolumeSummary> {
    const client = this.clients(hostId);
    return volumeSummary(client, hostId, await lookupVolume(client, pool, volume));
  }

  async volumeXml(hostId: string, pool: string, volume: string): Promise<string> {
    const client = this.clients(hostId);
    return (await client.call('STORAGE_VOL_GET_XML_DESC', { vol: await lookupVolume(client, pool, volume), flags: 0 })).xml;
  }

  async createVolume(hostId: string, pool: string, spec: CreateVolumeSpec): Promise<VolumeSummary> {
    const client = this.clients(hostId);
    const p = await lookupPool(client, pool);
    const { type } = readPoolXml((await client.call('STORAGE_POOL_GET_XML_DESC', { pool: p, flags: 0 })).xml);
    const exists = await volumeExists(client, p, spec.name);
    const plan = planVolume(spec, type, exists ? [`a volume named "${spec.name}" already exists in pool "${pool}"`] : []);
    const { vol } = await client.call('STORAGE_VOL_CREATE_XML', { pool: p, xml: plan.xml, flags: plan.flags });
    return volumeSummary(client, hostId, vol);
  }

  async resizeVolume(hostId: string, pool: string, volume: string, options: ResizeVolumeOptions): Promise<VolumeSummary> {
    const client = this.clients(hostId);
    const size = parseSizeResult(options.capacity, 'new capacity');
    if (!size.ok) throw new ApiError('INVALID_ARGUMENT', `volume "${volume}" cannot be resized: ${size.error}`);
    if (size.bytes === 0) throw new ApiError('INVALID_ARGUMENT', `volume "${volume}" cannot be resized: new capacity must be more than 0 bytes`);
    const vol = await lookupVolume(client, pool, volume);
    const info = await client.call('STORAGE_VOL_GET_INFO', { vol });
    const current = toNumber(info.capacity);
    if (size.bytes < current && !options.allowShrink) {
      throw new ApiError(
        'INVALID_ARGUMENT',
        `volume "${volume}" cannot be resized: ${formatBytes(size.bytes)} is smaller than its ${formatBytes(current)}; shrinking loses the data at the end of the disk, so it must be allowed explicitly`,
      );
    }
    if (size.bytes !== current) {
      await client.call('STORAGE_VOL_RESIZE', { vol, capacity: BigInt(size.bytes), flags: size.bytes < current ? RESIZE_SHRINK : 0 });
    }
    return volumeSummary(client, hostId, vol);
  }

  async cloneVolume(hostId: string, pool: string, volume: string, spec: CloneVolumeSpec): Promise<VolumeSummary> {
    const client = this.clients(hostId);
    const src = await lookupVolume(client, pool, volume);
    const targetPool = await lookupPool(client, spec.targetPool ?? pool);
    const [info, srcXml, targetXml] = await Promise.all([
      client.call('STORAGE_VOL_GET_INFO', { vol: src }),
      client.call('STORAGE_VOL_GET_XML_DESC', { vol: src, flags: 0 }),
      client.call('STORAGE_POOL_GET_XML_DESC', { pool: targetPool, flags: 0 }),
    ]);
    const format = spec.format ?? readVolumeXml(srcXml.xml).format ?? 'raw';
    const targetType = readPoolXml(targetXml.xml).type;
    const p = new Problems();
    p.add(checkObjectName(spec.name, 'new volume name'));
    if (await volumeExists(client, targetPool, spec.name)) p.add(`a volume named "${spec.name}" already exists in pool "${targetPool.name}"`);
    if (format !== 'raw' && !FILE_POOL_TYPES.has(targetType)) p.add(`a ${targetType} pool only holds raw volumes, not ${format}`);
    p.throwIfAny(`volume "${volume}" cannot be cloned`);
    const xml = volumeXml(spec.name, toNumber(info.capacity), 0, format);

    const total = toNumber(info.allocation);
    const title = `Clone ${pool}/${volume} to ${targetPool.name}/${spec.name}`;
    const { result } = this.options.jobs.run({ hostId, kind: 'volume-clone', title, cancellable: false }, async (ctx) => {
      const report = (done: number) => ctx.progress(Math.min(done, total), total);
      let running = true;
      const poll = async () => {
        const every = this.options.clonePollMs ?? 500;
        while (running) {
          await new Promise((r) => setTimeout(r, every));
          if (!running) break;
          try {
            const { vol } = await client.call('STORAGE_VOL_LOOKUP_BY_NAME', { pool: targetPool, name: spec.name });
            const now = await client.call('STORAGE_VOL_GET_INFO', { vol });
            if (running) report(toNumber(now.allocation));
          } catch {
            // Not there yet, or libvirt will not say while it is being built: try again.
          }
        }
      };
      report(0);
      const polling = poll();
      try {
        const { vol } = await client.call('STORAGE_VOL_CREATE_XML_FROM', { pool: targetPool, xml, clonevol: src, flags: 0 });
        running = false;
        report(total);
        return await volumeSummary(client, hostId, vol);
      } finally {
        running = false;
        await polling;
      }
    });
    return result;
  }

  async wipeVolume(hostId: string, pool: string, volume: string, algorithm: WipeAlgorithm = 'zero'): Promise<void> {
    const client = this.clients(hostId);
    const index = WIPE_ALGORITHMS.indexOf(algorithm);
    if (index < 0) throw new ApiError('INVALID_ARGUMENT', `wipe algorithm "${algorithm}" is not one of ${WIPE_ALGORITHMS.join(', ')}`);
    const vol = await lookupVolume(client, pool, volume);
    if (index === 0) await client.call('STORAGE_VOL_WIPE', { vol, flags: 0 });
    else await client.call('STORAGE_VOL_WIPE_PATTERN', { vol, algorithm: index, flags: 0 });
  }

  async deleteVolume(hostId: string, pool: string, volume: string): Promise<void> {
    const client = this.clients(hostId);
    await client.call('STORAGE_VOL_DELETE', { vol: await lookupVolume(client, pool, volume), flags: 0 });
  }

  // ---- transfers ----

  /**
   * Runs as an 'upload' job. `control` is for callers inside main (tests, other services): its
   * signal cancels the job and its onProgress sees the job's progress; the renderer cancels the job.
   */
  async uploadVolume(hostId: string, spec: UploadSpec, control: TransferControl = {}): Promise<TransferResult> {
    const client = this.clients(hostId);
    const title = `Upload ${path.basename(spec.file)} to ${spec.pool}/${spec.volume}`;
    const bytes = await this.transfer({ hostId, kind: 'upload', title }, control, async (c) =>
      uploadFile(client, await lookupVolume(client, spec.pool, spec.volume), spec.file, c),
    );
    return { bytes };
  }

  /** Runs as a 'download' job; `control` as for uploadVolume. */
  async downloadVolume(hostId: string, spec: DownloadSpec, control: TransferControl = {}): Promise<TransferResult> {
    const client = this.clients(hostId);
    const title = `Download ${spec.pool}/${spec.volume} to ${path.basename(spec.file)}`;
    const bytes = await this.transfer({ hostId, kind: 'download', title }, control, async (c) =>
      downloadToFile(client, await lookupVolume(client, spec.pool, spec.volume), spec.file, { ...c, overwrite: spec.overwrite ?? false }),
    );
    return { bytes };
  }

  /** Runs `run` as a job whose signal and progress also answer to the caller's `control`. */
  private transfer(spec: JobSpec, control: TransferControl, run: (c: TransferControl) => Promise<number>): Promise<number> {
    const { jobs } = this.options;
    const { job, result } = jobs.run(spec, (ctx) =>
      run({
        ...control,
        signal: ctx.signal,
        onProgress: (done, total) => {
          ctx.progress(done, total);
          control.onProgress?.(done, total);
        },
      }),
    );
    const outer = control.signal;
    if (!outer) return result;
    // Cancelling through the job (not a signal of our own) so the job ends as 'cancelled'.
    const cancel = () => void jobs.service.cancel(job.id).catch(() => undefined);
    if (outer.aborted) cancel();
    else outer.addEventListener('abort', cancel, { once: true });
    return result.finally(() => outer.removeEventListener('abort', cancel));
  }
}

// ---- helpers ----

async function lookupPool(client: LibvirtClient, name: string): Promise<remote_nonnull_storage_pool> {
  return (await client.call('STORAGE_POOL_LOOKUP_BY_NAME', { name })).pool;
}

async function lookupVolume(client: LibvirtClient, pool: string, name: string): Promise<remote_nonnull_storage_vol> {
  const p = await lookupPool(client, pool);
  return (await client.call('STORAGE_VOL_LOOKUP_BY_NAME', { pool: p, name })).vol;
}

async function volumeExists(client: LibvirtClient, pool: remote_nonnull_storage_pool, name: string): Promise<boolean> {
  try {
    await client.call('STORAGE_VOL_LOOKUP_BY_NAME', { pool, name });
    return true;
  } catch (e) {
    if (isLibvirt(e, 'VIR_ERR_NO_STORAGE_VOL')) return false;
    throw e;
  }
}

async function poolSummary(client: LibvirtClient, hostId: string, pool: remote_nonnull_storage_pool): Promise<PoolSummary> {
  const [info, active, persistent, autostart, xml] = await Promise.all([
    client.call('STORAGE_POOL_GET_INFO', { pool }),
    client.call('STORAGE_POOL_IS_ACTIVE', { pool }),
    client.call('STORAGE_POOL_IS_PERSISTENT', { pool }),
    client.call('STORAGE_POOL_GET_AUTOSTART', { pool }),
    client.call('STORAGE_POOL_GET_XML_DESC', { pool, flags: 0 }),
  ]);
  const facts = readPoolXml(xml.xml);
  return {
    hostId,
    name: pool.name,
    uuid: uuidToString(pool.uuid),
    type: facts.type,
    state: POOL_STATES[info.state] ?? 'inactive',
    active: active.active !== 0,
    persistent: persistent.persistent !== 0,
    autostart: autostart.autostart !== 0,
    capacity: toNumber(info.capacity),
    allocation: toNumber(info.allocation),
    available: toNumber(info.available),
    targetPath: facts.targetPath,
  };
}

async function volumeSummary(client: LibvirtClient, hostId: string, vol: remote_nonnull_storage_vol): Promise<VolumeSummary> {
  const [info, xml, path] = await Promise.all([
    client.call('STORAGE_VOL_GET_INFO', { vol }),
    client.call('STORAGE_VOL_GET_XML_DESC', { vol, flags: 0 }),
    client.call('STORAGE_VOL_GET_PATH', { vol }),
  ]);
  const facts = readVolumeXml(xml.xml);
  return {
    hostId,
    pool: vol.pool,
    name: vol.name,
    key: vol.key,
    path: path.name,
    type: VOLUME_TYPES[info.type] ?? 'file',
    format: facts.format,
    capacity: toNumber(info.capacity),
    allocation: toNumber(info.allocation),
  };
}
