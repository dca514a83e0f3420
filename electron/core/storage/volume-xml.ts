// Volume XML (libvirt docs/formatstorage.rst, "Storage volume XML").
import type { CreateVolumeSpec, VolumeFormat } from '../../../preload/contract/storage';
import { VOLUME_FORMATS } from '../../../preload/contract/storage';
import { parseSizeResult } from './size';
import { Problems, checkObjectName } from './validate';
import { at, attr, el, parseXml, renderXml, text } from './xml-util';

/** Pool types whose volumes are files, where qcow2 makes sense. */
export const FILE_POOL_TYPES = new Set(['dir', 'fs', 'netfs', 'gluster']);

export interface VolumePlan {
  xml: string;
  capacity: number;
  /** virStorageVolCreateFlags. */
  flags: number;
}

export const VOL_CREATE_PREALLOC_METADATA = 1;

/** Checks a create request against the pool's type and renders its XML; INVALID_ARGUMENT lists every problem. */
export function planVolume(spec: CreateVolumeSpec, poolType: string, extraProblems: string[] = []): VolumePlan {
  const p = new Problems();
  p.add(checkObjectName(spec.name, 'volume name'));
  if (!(VOLUME_FORMATS as readonly string[]).includes(spec.format)) p.add(`format "${spec.format}" is not one of ${VOLUME_FORMATS.join(', ')}`);
  else if (spec.format !== 'raw' && !FILE_POOL_TYPES.has(poolType)) p.add(`a ${poolType} pool only holds raw volumes, not ${spec.format}`);
  const size = parseSizeResult(spec.capacity, 'capacity');
  if (!size.ok) p.add(size.error);
  else if (size.bytes === 0) p.add('capacity must be more than 0 bytes');
  const prealloc = spec.preallocation ?? 'none';
  if (prealloc === 'metadata' && spec.format !== 'qcow2') p.add('metadata preallocation needs the qcow2 format');
  for (const extra of extraProblems) p.add(extra);
  p.throwIfAny(`volume "${spec.name}" cannot be created`);
  const capacity = size.ok ? size.bytes : 0;
  const xml = volumeXml(spec.name, capacity, prealloc === 'full' ? capacity : 0, spec.format);
  return { xml, capacity, flags: prealloc === 'metadata' ? VOL_CREATE_PREALLOC_METADATA : 0 };
}

export function volumeXml(name: string, capacity: number, allocation: number, format: VolumeFormat | string): string {
  return renderXml(
    el(
      'volume',
      {},
      el('name', {}, name),
      el('capacity', { unit: 'bytes' }, String(capacity)),
      el('allocation', { unit: 'bytes' }, String(allocation)),
      el('target', {}, el('format', { type: format })),
    ),
  );
}

export interface VolumeXmlFacts {
  type: string | null;
  format: string | null;
  path: string | null;
}

export function readVolumeXml(xml: string): VolumeXmlFacts {
  const root = parseXml(xml);
  return {
    type: attr(root, 'type') ?? null,
    format: attr(at(root, 'target', 'format'), 'type') ?? null,
    path: text(at(root, 'target', 'path')) ?? null,
  };
}
