// One CONNECT_GET_ALL_DOMAIN_STATS record → the counters the engine uses. libvirt only sends what
// the driver knows (the test driver: state only; QEMU: everything asked for), so every field may be
// missing: missing reads as NaN. Per-device counters are summed; how many devices contributed is
// kept so that a device appearing/disappearing is seen as a counter discontinuity, not a spike.
import type { remote_domain_stats_record, remote_typed_param_value } from '../../libvirt';

// virDomainStatsTypes
export const STATS_GROUP_FLAGS = {
  state: 1,
  'cpu-total': 2,
  balloon: 4,
  vcpu: 8,
  interface: 16,
  block: 32,
} as const;

// virConnectGetAllDomainStatsFlags
export const GET_ALL_STATS_ACTIVE = 1;
export const GET_ALL_STATS_NOWAIT = 1 << 29;

export const DOMAIN_RUNNING = 1;

export interface RawSample {
  /** Domain id: changes when the VM is restarted. */
  id: number;
  state: number;
  cpuTime: number; // ns
  vcpus: number;
  balloonCurrent: number; // KiB
  balloonRss: number;
  balloonUnused: number;
  balloonAvailable: number;
  rdBytes: number;
  wrBytes: number;
  rdReqs: number;
  wrReqs: number;
  /** Devices that reported rd.bytes/wr.bytes/rd.reqs/wr.reqs, packed 4 × 8 bits (bitwise, so any change is seen). */
  blockSig: number;
  rxBytes: number;
  txBytes: number;
  netSig: number;
}

export function emptySample(id: number): RawSample {
  return {
    id,
    state: 0,
    cpuTime: NaN,
    vcpus: NaN,
    balloonCurrent: NaN,
    balloonRss: NaN,
    balloonUnused: NaN,
    balloonAvailable: NaN,
    rdBytes: NaN,
    wrBytes: NaN,
    rdReqs: NaN,
    wrReqs: NaN,
    blockSig: 0,
    rxBytes: NaN,
    txBytes: NaN,
    netSig: 0,
  };
}

export function paramNumber(value: remote_typed_param_value): number {
  switch (value.type) {
    case 1:
      return value.i;
    case 2:
      return value.ui;
    case 3:
      return Number(value.l);
    case 4:
      return Number(value.ul);
    case 5:
      return value.d;
    case 6:
      return value.b;
    default:
      return NaN;
  }
}

/** Adds x to a sum that starts as NaN ("nobody reported it"). */
function add(sum: number, x: number): number {
  return Number.isNaN(sum) ? x : sum + x;
}

export function parseRecord(rec: remote_domain_stats_record): RawSample {
  const s = emptySample(rec.dom.id);
  let rdN = 0;
  let wrN = 0;
  let rdqN = 0;
  let wrqN = 0;
  let rxN = 0;
  let txN = 0;
  for (const p of rec.params) {
    const f = p.field;
    switch (f) {
      case 'state.state':
        s.state = paramNumber(p.value);
        continue;
      case 'cpu.time':
        s.cpuTime = paramNumber(p.value);
        continue;
      case 'vcpu.current':
        s.vcpus = paramNumber(p.value);
        continue;
      case 'balloon.current':
        s.balloonCurrent = paramNumber(p.value);
        continue;
      case 'balloon.rss':
        s.balloonRss = paramNumber(p.value);
        continue;
      case 'balloon.unused':
        s.balloonUnused = paramNumber(p.value);
        continue;
      case 'balloon.available':
        s.balloonAvailable = paramNumber(p.value);
        continue;
    }
    // block.<N>.<counter> / net.<N>.<counter>
    const c0 = f.charCodeAt(0);
    if (c0 === 98 /* b */ && f.startsWith('block.')) {
      const dot = f.indexOf('.', 6);
      if (dot < 0) continue;
      switch (f.slice(dot + 1)) {
        case 'rd.bytes':
          s.rdBytes = add(s.rdBytes, paramNumber(p.value));
          rdN++;
          break;
        case 'wr.bytes':
          s.wrBytes = add(s.wrBytes, paramNumber(p.value));
          wrN++;
          break;
        case 'rd.reqs':
          s.rdReqs = add(s.rdReqs, paramNumber(p.value));
          rdqN++;
          break;
        case 'wr.reqs':
          s.wrReqs = add(s.wrReqs, paramNumber(p.value));
          wrqN++;
          break;
      }
    } else if (c0 === 110 /* n */ && f.startsWith('net.')) {
      const dot = f.indexOf('.', 4);
      if (dot < 0) continue;
      switch (f.slice(dot + 1)) {
        case 'rx.bytes':
          s.rxBytes = add(s.rxBytes, paramNumber(p.value));
          rxN++;
          break;
        case 'tx.bytes':
          s.txBytes = add(s.txBytes, paramNumber(p.value));
          txN++;
          break;
      }
    }
  }
  s.blockSig = (rdN & 0xff) | ((wrN & 0xff) << 8) | ((rdqN & 0xff) << 16) | ((wrqN & 0xff) * 0x1000000);
  s.netSig = (rxN & 0xffff) | ((txN & 0xffff) << 16);
  return s;
}
