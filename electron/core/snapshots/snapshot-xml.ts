// Reading libvirt snapshot XML (docs/formatsnapshot.rst) into plain data, and writing the XML for a
// new snapshot. Pure: no libvirt calls, so the chain-safety rules can be tested on fixtures.
import path from 'node:path';
import type { Element } from '@xmldom/xmldom';
import type { SnapshotDisk, SnapshotInfo, SnapshotKind } from '../../../preload/contract/snapshots';
import { at, attr, children, el, parseXml, renderXml, text } from '../storage/xml-util';

export interface ParsedSnapshot extends Omit<SnapshotInfo, 'current'> {
  memory: 'internal' | 'external' | 'no' | null;
}

/** The disks of a `<domain>` element: target dev → source file/device (null for empty drives). */
export function domainDiskSources(domain: Element | undefined): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const devices = at(domain, 'devices');
  if (!devices) return out;
  for (const d of children(devices, 'disk')) {
    const target = attr(at(d, 'target'), 'dev');
    if (!target) continue;
    const src = at(d, 'source');
    out.set(target, attr(src, 'file') ?? attr(src, 'dev') ?? null);
  }
  return out;
}

export function parseSnapshotXml(xml: string): ParsedSnapshot {
  const root = parseXml(xml);
  if (root.tagName !== 'domainsnapshot') throw new Error(`not a snapshot: <${root.tagName}>`);
  const sources = domainDiskSources(at(root, 'domain'));
  const disks: SnapshotDisk[] = [];
  for (const d of children(at(root, 'disks') ?? root, 'disk')) {
    const target = attr(d, 'name') ?? '';
    const mode = (attr(d, 'snapshot') ?? 'no') as SnapshotDisk['snapshot'];
    const src = at(d, 'source');
    disks.push({
      target,
      snapshot: mode,
      overlay: mode === 'external' ? (attr(src, 'file') ?? attr(src, 'dev') ?? null) : null,
      source: sources.get(target) ?? null,
    });
  }
  const memory = (attr(at(root, 'memory'), 'snapshot') ?? null) as ParsedSnapshot['memory'];
  const external = memory === 'external' || disks.some((d) => d.snapshot === 'external');
  const kind: SnapshotKind = external ? 'external' : 'internal';
  const created = Number(text(at(root, 'creationTime')) ?? '0');
  return {
    name: text(at(root, 'name')) ?? '',
    description: text(at(root, 'description')) ?? '',
    createdAt: Number.isFinite(created) ? created * 1000 : 0,
    state: text(at(root, 'state')) ?? 'unknown',
    kind,
    withMemory: memory === 'internal' || memory === 'external',
    parent: text(at(root, 'parent', 'name')) ?? null,
    disks,
    memory,
  };
}

/** A disk of the VM as the snapshot builder needs it. */
export interface SnapshotSourceDisk {
  target: string;
  device: string;
  type: string;
  format: string | null;
  source: string | null;
  readonly: boolean;
  shareable: boolean;
}

/** Disks a snapshot should cover: writable hard disks with media. CD-ROMs, read-only and shared disks are left out. */
export function snapshotWorthy(d: SnapshotSourceDisk): boolean {
  return d.device === 'disk' && !d.readonly && !d.shareable && d.source !== null;
}

/** Where the overlay of an external snapshot goes: next to the disk, "<stem>.<snapshot>.qcow2". */
export function overlayPath(source: string, snapshot: string): string {
  const dir = path.posix.dirname(source);
  const base = path.posix.basename(source);
  const stem = base.replace(/\.(qcow2|img|raw|qcow)$/i, '');
  return path.posix.join(dir, `${stem}.${snapshot}.qcow2`);
}

export function internalSnapshotXml(name: string, description: string | undefined, withMemory: boolean | null): string {
  return renderXml(
    el(
      'domainsnapshot',
      {},
      el('name', {}, name),
      description ? el('description', {}, description) : null,
      // null: let libvirt pick (memory when running); false only for VMs that are off.
      withMemory === null ? null : el('memory', { snapshot: withMemory ? 'internal' : 'no' }),
    ),
  );
}

export function externalSnapshotXml(name: string, description: string | undefined, disks: SnapshotSourceDisk[]): string {
  return renderXml(
    el(
      'domainsnapshot',
      {},
      el('name', {}, name),
      description ? el('description', {}, description) : null,
      el('memory', { snapshot: 'no' }),
      el(
        'disks',
        {},
        ...disks.map((d) =>
          snapshotWorthy(d) && d.source
            ? el('disk', { name: d.target, snapshot: 'external', type: 'file' }, el('driver', { type: 'qcow2' }), el('source', { file: overlayPath(d.source, name) }))
            : el('disk', { name: d.target, snapshot: 'no' }),
        ),
      ),
    ),
  );
}
