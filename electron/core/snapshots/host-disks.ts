// What files the VMs of a host use: each domain's disks with their backing chains (from the XML,
// from its external snapshots, and from the storage pools' volume XML), so delete/revert/clone can
// tell whether a file is needed by someone else. Also the small libvirt look-ups those need.
import type { Element } from '@xmldom/xmldom';
import { DOMAIN_STATES, type DomainState } from '../../../preload/contract/model';
import { LibvirtError, type LibvirtClient, type remote_nonnull_domain, type remote_nonnull_storage_vol } from '../../libvirt';
import { at, attr, children, parseXml, text } from '../storage/xml-util';
import { uuidToBytes, uuidToString } from '../util/uuid';
import { parseSnapshotXml, type ParsedSnapshot, type SnapshotSourceDisk } from './snapshot-xml';

// virDomainXMLFlags / virConnectListAllDomainsFlags
export const XML_INACTIVE = 2;

export const isLibvirtCode = (e: unknown, code: string): boolean => e instanceof LibvirtError && e.codeName === code;

export async function lookupDomain(client: LibvirtClient, uuid: string): Promise<remote_nonnull_domain> {
  return (await client.call('DOMAIN_LOOKUP_BY_UUID', { uuid: uuidToBytes(uuid) })).dom;
}

export async function domainState(client: LibvirtClient, dom: remote_nonnull_domain): Promise<DomainState> {
  const { state } = await client.call('DOMAIN_GET_STATE', { dom, flags: 0 });
  return DOMAIN_STATES[state] ?? 'nostate';
}

/** libvirt's version as major*1e6 + minor*1e3 + micro. */
export async function libvirtVersion(client: LibvirtClient): Promise<number> {
  return Number((await client.call('CONNECT_GET_LIB_VERSION', undefined)).lib_ver);
}

export function formatVersion(v: number): string {
  return `${Math.floor(v / 1e6)}.${Math.floor(v / 1e3) % 1e3}.${v % 1e3}`;
}

export interface DomainDisk extends SnapshotSourceDisk {
  /** Backing files below `source`, nearest first, as far as the XML says. */
  chain: string[];
  /** For type='volume' disks. */
  pool: string | null;
  volume: string | null;
}

function backingChain(disk: Element): string[] {
  const out: string[] = [];
  let cur = at(disk, 'backingStore');
  while (cur) {
    const src = at(cur, 'source');
    const file = attr(src, 'file') ?? attr(src, 'dev');
    if (!file) break;
    out.push(file);
    cur = at(cur, 'backingStore');
  }
  return out;
}

/** Disks of a domain XML with their sources and the backing chain the XML shows. */
export function domainDisks(xml: string): DomainDisk[] {
  const root = parseXml(xml);
  const devices = at(root, 'devices');
  if (!devices) return [];
  return children(devices, 'disk').map((d) => {
    const src = at(d, 'source');
    return {
      target: attr(at(d, 'target'), 'dev') ?? '',
      device: attr(d, 'device') ?? 'disk',
      type: attr(d, 'type') ?? 'file',
      format: attr(at(d, 'driver'), 'type') ?? null,
      source: attr(src, 'file') ?? attr(src, 'dev') ?? null,
      readonly: at(d, 'readonly') !== undefined,
      shareable: at(d, 'shareable') !== undefined,
      chain: backingChain(d),
      pool: attr(src, 'pool') ?? null,
      volume: attr(src, 'volume') ?? null,
    };
  });
}

export function domainNameOf(xml: string): string {
  return text(at(parseXml(xml), 'name')) ?? '';
}

/** Fills `source` of type='volume' disks from their pool. */
export async function resolveVolumeDisks(client: LibvirtClient, disks: DomainDisk[]): Promise<void> {
  for (const d of disks) {
    if (d.source || !d.pool || !d.volume) continue;
    try {
      const { pool } = await client.call('STORAGE_POOL_LOOKUP_BY_NAME', { name: d.pool });
      const { vol } = await client.call('STORAGE_VOL_LOOKUP_BY_NAME', { pool, name: d.volume });
      d.source = (await client.call('STORAGE_VOL_GET_PATH', { vol })).name;
    } catch {
      /* pool or volume gone: the disk has no file we can name */
    }
  }
}

export async function listSnapshots(client: LibvirtClient, dom: remote_nonnull_domain): Promise<ParsedSnapshot[]> {
  const { snapshots } = await client.call('DOMAIN_LIST_ALL_SNAPSHOTS', { dom, need_results: 1, flags: 0 });
  const out: ParsedSnapshot[] = [];
  for (const snap of snapshots) {
    try {
      out.push(parseSnapshotXml((await client.call('DOMAIN_SNAPSHOT_GET_XML_DESC', { snap, flags: 0 })).xml));
    } catch (e) {
      if (!isLibvirtCode(e, 'VIR_ERR_NO_DOMAIN_SNAPSHOT')) throw e;
    }
  }
  return out;
}

/**
 * The volume holding `file`, or null when no pool has it. A file created behind libvirt's back
 * (e.g. an external snapshot overlay) is only known after its pool is refreshed, so file-backed
 * pools whose folder contains it are refreshed once and asked again.
 */
export async function volumeForPath(client: LibvirtClient, file: string, refreshed = new Set<string>()): Promise<remote_nonnull_storage_vol | null> {
  const ask = async () => {
    try {
      return (await client.call('STORAGE_VOL_LOOKUP_BY_PATH', { path: file })).vol;
    } catch (e) {
      if (isLibvirtCode(e, 'VIR_ERR_NO_STORAGE_VOL')) return null;
      throw e;
    }
  };
  const found = await ask();
  if (found) return found;
  const { pools } = await client.call('CONNECT_LIST_ALL_STORAGE_POOLS', { need_results: 1, flags: 2 /* ACTIVE */ });
  let again = false;
  for (const pool of pools) {
    if (refreshed.has(pool.name)) continue;
    const xml = parseXml((await client.call('STORAGE_POOL_GET_XML_DESC', { pool, flags: 0 })).xml);
    const type = attr(xml, 'type') ?? '';
    const target = text(at(xml, 'target', 'path'));
    if (!['dir', 'fs', 'netfs'].includes(type) || !target || !file.startsWith(`${target.replace(/\/$/, '')}/`)) continue;
    refreshed.add(pool.name);
    await client.call('STORAGE_POOL_REFRESH', { pool, flags: 0 }).catch(() => undefined);
    again = true;
  }
  return again ? ask() : null;
}

/** The backing file a pool volume names in its XML (one level), or null. */
export async function volumeBackingFile(client: LibvirtClient, vol: remote_nonnull_storage_vol): Promise<string | null> {
  const xml = parseXml((await client.call('STORAGE_VOL_GET_XML_DESC', { vol, flags: 0 })).xml);
  return text(at(xml, 'backingStore', 'path')) ?? null;
}

export interface DomainFiles {
  uuid: string;
  name: string;
  active: boolean;
  /** Every file the domain needs: disks, their backing chains, snapshot overlays and bases. */
  files: Set<string>;
}

/** file → its backing file, as learned from XML and snapshots; extended with pool volume XML. */
export type BackingMap = Map<string, string>;

export interface HostDiskUsage {
  domains: DomainFiles[];
  backing: BackingMap;
  /** Names of domains other than `exceptUuid` that need `file`. */
  usersOf(file: string, exceptUuid?: string): string[];
}

/** Adds file→backing edges for a disk (top first) to the map. */
export function addChain(map: BackingMap, top: string | null, chain: string[]): void {
  let cur = top;
  for (const b of chain) {
    if (cur && !map.has(cur)) map.set(cur, b);
    cur = b;
  }
}

/** Follows `map` from `file` down; stops on loops. */
export function chainBelow(map: BackingMap, file: string): string[] {
  const out: string[] = [];
  const seen = new Set([file]);
  let cur = map.get(file);
  while (cur && !seen.has(cur)) {
    out.push(cur);
    seen.add(cur);
    cur = map.get(cur);
  }
  return out;
}

/**
 * Scans every domain on the host. Chains the XML does not show (inactive domains: libvirt only
 * probes chains of running ones) are completed from pool volume XML, one level per look-up.
 */
export async function scanHostDisks(client: LibvirtClient): Promise<HostDiskUsage> {
  const backing: BackingMap = new Map();
  const tops: { d: DomainFiles; files: string[] }[] = [];
  const { domains } = await client.call('CONNECT_LIST_ALL_DOMAINS', { need_results: 1, flags: 0 });
  for (const dom of domains) {
    try {
      const active = (await client.call('DOMAIN_IS_ACTIVE', { dom })).active !== 0;
      const xmls = [(await client.call('DOMAIN_GET_XML_DESC', { dom, flags: XML_INACTIVE })).xml];
      if (active) xmls.push((await client.call('DOMAIN_GET_XML_DESC', { dom, flags: 0 })).xml);
      const d: DomainFiles = { uuid: uuidToString(dom.uuid), name: dom.name, active, files: new Set() };
      const files: string[] = [];
      for (const xml of xmls) {
        const disks = domainDisks(xml);
        await resolveVolumeDisks(client, disks);
        for (const disk of disks) {
          if (!disk.source) continue;
          files.push(disk.source, ...disk.chain);
          addChain(backing, disk.source, disk.chain);
        }
      }
      for (const s of await listSnapshots(client, dom)) {
        for (const sd of s.disks) {
          if (sd.source) files.push(sd.source);
          if (sd.overlay) files.push(sd.overlay);
          if (sd.overlay && sd.source && !backing.has(sd.overlay)) backing.set(sd.overlay, sd.source);
        }
      }
      tops.push({ d, files });
    } catch (e) {
      // Undefined while we looked: it needs nothing any more.
      if (!isLibvirtCode(e, 'VIR_ERR_NO_DOMAIN')) throw e;
    }
  }
  // Complete chains from volume XML where nothing above said what a file is based on.
  const asked = new Set<string>();
  const refreshed = new Set<string>();
  const complete = async (file: string) => {
    let cur: string | undefined = file;
    while (cur && !asked.has(cur)) {
      asked.add(cur);
      if (!backing.has(cur)) {
        const vol = await volumeForPath(client, cur, refreshed).catch(() => null);
        const b = vol ? await volumeBackingFile(client, vol).catch(() => null) : null;
        if (b) backing.set(cur, b);
      }
      cur = backing.get(cur);
    }
  };
  for (const t of tops) for (const f of t.files) await complete(f);
  for (const t of tops) for (const f of t.files) for (const x of [f, ...chainBelow(backing, f)]) t.d.files.add(x);
  const result = tops.map((t) => t.d);
  return {
    domains: result,
    backing,
    usersOf: (file, exceptUuid) =>
      result.filter((d) => d.uuid.toLowerCase() !== exceptUuid?.toLowerCase() && d.files.has(file)).map((d) => d.name),
  };
}
