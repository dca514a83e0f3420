// IPv4/IPv6 addresses as bigints, and the subnet arithmetic the network builder needs.
import { isIPv4, isIPv6 } from 'node:net';

export type Family = 4 | 6;

export interface Addr {
  family: Family;
  value: bigint;
}

export function parseIp(text: string): Addr | null {
  if (isIPv4(text)) {
    const parts = text.split('.').map(Number);
    return { family: 4, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
  }
  if (isIPv6(text)) {
    // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two hex words first.
    const s = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a: string, b: string, c: string, d: string) =>
      `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`,
    );
    const halves = s.split('::');
    const words = (part: string | undefined) => (part ? part.split(':').map((x) => BigInt(`0x${x}`)) : []);
    const left = words(halves[0]);
    const right = words(halves[1]);
    const all = halves.length === 2 ? [...left, ...Array<bigint>(8 - left.length - right.length).fill(0n), ...right] : left;
    if (all.length !== 8) return null;
    return { family: 6, value: all.reduce((acc, w) => (acc << 16n) | w, 0n) };
  }
  return null;
}

const BITS = { 4: 32n, 6: 128n } as const;

export function formatIp(a: Addr): string {
  if (a.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((a.value >> s) & 0xffn)).join('.');
  const words: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) words.push(((a.value >> s) & 0xffffn).toString(16));
  // collapse the longest run of zero words
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return words.join(':');
  return `${words.slice(0, best).join(':')}::${words.slice(best + bestLen).join(':')}`;
}

export interface Subnet {
  family: Family;
  network: bigint;
  prefix: number;
}

export function subnetOf(a: Addr, prefix: number): Subnet {
  const bits = BITS[a.family];
  const mask = prefix === 0 ? 0n : ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(prefix))) - 1n);
  return { family: a.family, network: a.value & mask, prefix };
}

export function lastOf(s: Subnet): bigint {
  return s.network + (1n << (BITS[s.family] - BigInt(s.prefix))) - 1n;
}

export function contains(s: Subnet, a: Addr): boolean {
  return a.family === s.family && a.value >= s.network && a.value <= lastOf(s);
}

export function overlaps(a: Subnet, b: Subnet): boolean {
  return a.family === b.family && a.network <= lastOf(b) && b.network <= lastOf(a);
}

export function formatSubnet(s: Subnet): string {
  return `${formatIp({ family: s.family, value: s.network })}/${s.prefix}`;
}

/** 255.255.255.0 → 24; null when not a contiguous mask. */
export function netmaskToPrefix(mask: string): number | null {
  const a = parseIp(mask);
  if (!a || a.family !== 4) return null;
  const bin = a.value.toString(2).padStart(32, '0');
  if (!/^1*0*$/.test(bin)) return null;
  return bin.indexOf('0') < 0 ? 32 : bin.indexOf('0');
}

/** aa:bb:cc:dd:ee:ff (or with -), unicast. */
export function checkMac(mac: string, what: string): string | null {
  if (!/^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i.test(mac)) return `${what} "${mac}" is not a MAC address (like 52:54:00:12:34:56)`;
  const first = parseInt(mac.slice(0, 2), 16);
  if (first & 1) return `${what} "${mac}" is a multicast address (the first byte must be even)`;
  if (/^(0{2}[:-]){5}0{2}$/.test(mac)) return `${what} "${mac}" is all zeros`;
  return null;
}

export function normaliseMac(mac: string): string {
  return mac.toLowerCase().replace(/-/g, ':');
}
