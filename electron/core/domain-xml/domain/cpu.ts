import { int, onOff, str } from '../xml/props';
import { defineView } from '../xml/view';

export type CpuMode = 'host-passthrough' | 'host-model' | 'custom' | 'maximum';

export interface Topology {
  sockets: number;
  dies?: number;
  cores: number;
  threads: number;
}

export class CpuConfig extends defineView('cpu', {
  mode: str<CpuMode>('./cpu/@mode'),
  match: str('./cpu/@match'),
  check: str('./cpu/@check'),
  migratable: onOff('./cpu/@migratable'),
  model: str('./cpu/model'),
  modelFallback: str('./cpu/model/@fallback'),
  sockets: int('./cpu/topology/@sockets'),
  dies: int('./cpu/topology/@dies'),
  cores: int('./cpu/topology/@cores'),
  threads: int('./cpu/topology/@threads'),
  cacheMode: str('./cpu/cache/@mode'),
}) {
  /** Switches CPU mode; a named model only means something for custom, so it is dropped otherwise. */
  setMode(mode: CpuMode, model?: string): void {
    this.mode = mode;
    if (mode === 'custom') {
      if (model !== undefined) this.model = model;
      this.match ??= 'exact';
    } else {
      this.model = undefined;
      this.modelFallback = undefined;
      this.match = undefined;
    }
  }

  get topology(): Topology | undefined {
    const { sockets, cores, threads, dies } = this;
    if (sockets === undefined || cores === undefined || threads === undefined) return undefined;
    return dies === undefined ? { sockets, cores, threads } : { sockets, dies, cores, threads };
  }

  set topology(t: Topology | undefined) {
    this.sockets = t?.sockets;
    this.dies = t?.dies;
    this.cores = t?.cores;
    this.threads = t?.threads;
  }
}
