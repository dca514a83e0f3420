// Thin, typed wrappers over libvirt's live-tuning calls for one domain. `flags` is libvirt's
// virDomainModificationImpact (AFFECT_LIVE / AFFECT_CONFIG / both); callers decide.
import type { IoTune, VcpuPinInfo } from '../../../../preload/contract/hardware';
import type { LibvirtClient, remote_nonnull_domain } from '../../../libvirt';
import { AFFECT_CONFIG, AFFECT_LIVE, VCPU_MAXIMUM } from '../flags';
import { paramMap, ullong } from '../typed-params';

/** Contract iotune keys ↔ libvirt's VIR_DOMAIN_BLOCK_IOTUNE_* parameter names. */
export const IOTUNE_PARAMS: Record<keyof IoTune, string> = {
  totalBytesSec: 'total_bytes_sec',
  readBytesSec: 'read_bytes_sec',
  writeBytesSec: 'write_bytes_sec',
  totalIopsSec: 'total_iops_sec',
  readIopsSec: 'read_iops_sec',
  writeIopsSec: 'write_iops_sec',
};

export function cpusetOf(cpus: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < cpus.length; ) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === (cpus[j] ?? 0) + 1) j++;
    out.push(i === j ? String(cpus[i]) : `${cpus[i]}-${cpus[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

export function cpumapBytes(cpus: readonly number[], hostCpus: number): Buffer {
  const map = Buffer.alloc(Math.ceil(hostCpus / 8));
  for (const c of cpus) if (c < hostCpus) map[c >> 3] = (map[c >> 3] ?? 0) | (1 << (c & 7));
  return map;
}

export class LiveOps {
  constructor(
    private readonly client: LibvirtClient,
    private readonly dom: remote_nonnull_domain,
  ) {}

  async attach(xml: string, flags: number): Promise<void> {
    await this.client.call('DOMAIN_ATTACH_DEVICE_FLAGS', { dom: this.dom, xml, flags });
  }
  async detach(xml: string, flags: number): Promise<void> {
    await this.client.call('DOMAIN_DETACH_DEVICE_FLAGS', { dom: this.dom, xml, flags });
  }
  async update(xml: string, flags: number): Promise<void> {
    await this.client.call('DOMAIN_UPDATE_DEVICE_FLAGS', { dom: this.dom, xml, flags });
  }
  async setVcpus(n: number, flags: number): Promise<void> {
    await this.client.call('DOMAIN_SET_VCPUS_FLAGS', { dom: this.dom, nvcpus: n, flags });
  }
  /** Hot-plug limit of the running instance (`flags` LIVE) or of the definition (CONFIG). */
  async maxVcpus(flags: number): Promise<number> {
    return (await this.client.call('DOMAIN_GET_VCPUS_FLAGS', { dom: this.dom, flags: flags | VCPU_MAXIMUM })).num;
  }
  async setMemoryKiB(kib: number, flags: number): Promise<void> {
    await this.client.call('DOMAIN_SET_MEMORY_FLAGS', { dom: this.dom, memory: BigInt(kib), flags });
  }
  /** The running guest's memory ceiling (what it booted with), in KiB. */
  async liveMaxMemoryKiB(): Promise<number> {
    return Number((await this.client.call('DOMAIN_GET_INFO', { dom: this.dom })).maxMem);
  }
  async pinVcpu(vcpu: number, cpus: readonly number[], hostCpus: number, flags: number): Promise<void> {
    await this.client.call('DOMAIN_PIN_VCPU_FLAGS', { dom: this.dom, vcpu, cpumap: cpumapBytes(cpus, hostCpus), flags });
  }
  async pinInfo(hostCpus: number, flags: number): Promise<VcpuPinInfo[]> {
    const ncpumaps = await this.maxVcpus(flags === AFFECT_LIVE ? AFFECT_LIVE : AFFECT_CONFIG);
    const maplen = Math.ceil(hostCpus / 8);
    const { cpumaps, num } = await this.client.call('DOMAIN_GET_VCPU_PIN_INFO', { dom: this.dom, ncpumaps, maplen, flags });
    return Array.from({ length: num }, (_, vcpu) => {
      const cpus: number[] = [];
      for (let c = 0; c < hostCpus; c++) if (((cpumaps[vcpu * maplen + (c >> 3)] ?? 0) >> (c & 7)) & 1) cpus.push(c);
      return { vcpu, cpus, cpuset: cpusetOf(cpus) };
    });
  }
  async getIoTune(target: string, flags: number): Promise<IoTune> {
    // First call learns how many parameters the driver has, the second fetches them.
    const { nparams } = await this.client.call('DOMAIN_GET_BLOCK_IO_TUNE', { dom: this.dom, disk: target, nparams: 0, flags });
    const { params } = await this.client.call('DOMAIN_GET_BLOCK_IO_TUNE', { dom: this.dom, disk: target, nparams, flags });
    const m = paramMap(params);
    const out: IoTune = {};
    for (const [key, name] of Object.entries(IOTUNE_PARAMS) as [keyof IoTune, string][]) {
      const v = m.get(name);
      if (typeof v === 'number' && v > 0) out[key] = v;
    }
    return out;
  }
  /** Sets the given limits (0 lifts one); keys left out keep their value. */
  async setIoTune(target: string, tune: IoTune, flags: number): Promise<void> {
    const params = (Object.entries(IOTUNE_PARAMS) as [keyof IoTune, string][]).flatMap(([key, name]) => {
      const v = tune[key];
      return v === undefined ? [] : [ullong(name, v)];
    });
    await this.client.call('DOMAIN_SET_BLOCK_IO_TUNE', { dom: this.dom, disk: target, params, flags });
  }
  async setMetadata(type: number, value: string | null, flags: number): Promise<void> {
    await this.client.call('DOMAIN_SET_METADATA', { dom: this.dom, type, metadata: value, key: null, uri: null, flags });
  }
}
