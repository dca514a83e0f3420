// Pool XML per libvirt's docs/formatstorage.rst, one typed builder per pool type. Everything a user
// typed is checked first and every problem reported at once; then the XML is rendered with escaping.
import type { Element as XmlElement } from '@xmldom/xmldom';
import type { PoolSpec, SecretAuth } from '../../../preload/contract/storage';
import { DISK_FORMATS, FS_FORMATS, NETFS_FORMATS, POOL_TYPES } from '../../../preload/contract/storage';
import { at, attr, children, el, parseXml, renderXml, text, type XmlNode } from './xml-util';
import {
  Problems,
  checkAbsolutePath,
  checkDevicePath,
  checkHost,
  checkIqn,
  checkObjectName,
  checkPort,
  checkUsername,
  checkUuid,
} from './validate';

/** Every problem with a spec, as sentences (empty when the spec is fine). */
export function poolSpecProblems(spec: PoolSpec): string[] {
  const p = new Problems();
  if (!(POOL_TYPES as readonly string[]).includes(spec.type)) {
    p.add(`pool type "${String((spec as { type: unknown }).type)}" is not one of ${POOL_TYPES.join(', ')}`);
    return p.list;
  }
  p.add(checkObjectName(spec.name, 'pool name'));
  switch (spec.type) {
    case 'dir':
      p.add(checkAbsolutePath(spec.targetPath, 'target directory'));
      break;
    case 'fs':
      p.add(checkDevicePath(spec.sourceDevice, 'source device'));
      p.add(oneOf(spec.format, FS_FORMATS, 'file system format'));
      p.add(checkAbsolutePath(spec.targetPath, 'mount point'));
      break;
    case 'netfs': {
      const format = spec.format ?? 'auto';
      p.add(oneOf(spec.format, NETFS_FORMATS, 'network file system format'));
      p.add(checkHost(spec.host, 'server'));
      if (format === 'cifs') {
        if (!/^[^\s/\\][^/\\]*$/.test(spec.sourceDir)) p.add(`share name "${spec.sourceDir}" must be a plain name (no slashes)`);
      } else if (format === 'glusterfs') {
        if (spec.sourceDir.length === 0) p.add('gluster volume is empty');
      } else {
        p.add(checkAbsolutePath(spec.sourceDir, 'exported directory', { allowRoot: true }));
      }
      if (spec.protocolVersion !== undefined) {
        if (format !== 'nfs' && format !== 'auto') p.add('an NFS protocol version only applies to NFS');
        else if (!/^\d(\.\d)?$/.test(spec.protocolVersion)) p.add(`NFS version "${spec.protocolVersion}" is not like 3, 4 or 4.1`);
      }
      p.add(checkAbsolutePath(spec.targetPath, 'mount point'));
      break;
    }
    case 'logical':
      if (spec.sourceName !== undefined) p.add(checkObjectName(spec.sourceName, 'volume group name'));
      for (const d of spec.sourceDevices ?? []) p.add(checkDevicePath(d, 'physical volume'));
      p.add(duplicates(spec.sourceDevices ?? [], 'physical volume'));
      if (spec.targetPath !== undefined) p.add(checkAbsolutePath(spec.targetPath, 'target path'));
      break;
    case 'iscsi':
      p.add(checkHost(spec.host, 'iSCSI server'));
      p.add(checkPort(spec.port, 'iSCSI port'));
      p.add(checkIqn(spec.target, 'iSCSI target'));
      if (spec.initiatorIqn !== undefined) p.add(checkIqn(spec.initiatorIqn, 'initiator IQN'));
      authProblems(p, spec.auth, 'CHAP');
      if (spec.targetPath !== undefined) p.add(checkAbsolutePath(spec.targetPath, 'target path'));
      break;
    case 'rbd':
      if (spec.hosts.length === 0) p.add('at least one Ceph monitor is needed');
      spec.hosts.forEach((h, i) => {
        p.add(checkHost(h.name, `Ceph monitor ${i + 1}`));
        p.add(checkPort(h.port, `Ceph monitor ${i + 1} port`));
      });
      if (!/^[A-Za-z0-9_.-]+$/.test(spec.sourceName)) p.add(`Ceph pool name "${spec.sourceName}" may only contain letters, digits and . _ -`);
      authProblems(p, spec.auth, 'cephx');
      break;
    case 'disk':
      p.add(checkDevicePath(spec.sourceDevice, 'source disk'));
      p.add(oneOf(spec.format, DISK_FORMATS, 'partition table'));
      if (spec.targetPath !== undefined) p.add(checkAbsolutePath(spec.targetPath, 'target path'));
      break;
  }
  return p.list;
}

function oneOf(value: string | undefined, allowed: readonly string[], what: string): string | null {
  if (value === undefined || allowed.includes(value)) return null;
  return `${what} "${value}" is not one of ${allowed.join(', ')}`;
}

function duplicates(list: string[], what: string): string | null {
  const dup = list.find((x, i) => list.indexOf(x) !== i);
  return dup ? `${what} ${dup} is listed twice` : null;
}

function authProblems(p: Problems, auth: SecretAuth | undefined, kind: string): void {
  if (!auth) return;
  p.add(checkUsername(auth.username, `${kind} user name`));
  p.add(checkUuid(auth.secretUuid, `${kind} secret`));
}

const authXml = (auth: SecretAuth | undefined, type: 'chap' | 'ceph'): XmlNode | undefined =>
  auth && el('auth', { type, username: auth.username }, el('secret', { uuid: auth.secretUuid.toLowerCase() }));

const target = (p: string) => el('target', {}, el('path', {}, p));

/** The pool XML for a spec; throws INVALID_ARGUMENT listing every problem. */
export function buildPoolXml(spec: PoolSpec): string {
  const p = new Problems();
  for (const problem of poolSpecProblems(spec)) p.add(problem);
  p.throwIfAny(`pool "${spec.name}" cannot be defined`);
  return renderXml(poolNode(spec));
}

function poolNode(spec: PoolSpec): XmlNode {
  const name = el('name', {}, spec.name);
  switch (spec.type) {
    case 'dir':
      return el('pool', { type: 'dir' }, name, target(spec.targetPath));
    case 'fs':
      return el(
        'pool',
        { type: 'fs' },
        name,
        el('source', {}, el('device', { path: spec.sourceDevice }), el('format', { type: spec.format ?? 'auto' })),
        target(spec.targetPath),
      );
    case 'netfs': {
      const format = spec.format ?? 'auto';
      return el(
        'pool',
        { type: 'netfs' },
        name,
        el(
          'source',
          {},
          el('host', { name: spec.host }),
          el('dir', { path: spec.sourceDir }),
          el('format', { type: format }),
          spec.protocolVersion !== undefined && el('protocol', { ver: spec.protocolVersion }),
        ),
        target(spec.targetPath),
      );
    }
    case 'logical': {
      const vg = spec.sourceName ?? spec.name;
      return el(
        'pool',
        { type: 'logical' },
        name,
        el('source', {}, el('name', {}, vg), ...(spec.sourceDevices ?? []).map((d) => el('device', { path: d })), el('format', { type: 'lvm2' })),
        target(spec.targetPath ?? `/dev/${vg}`),
      );
    }
    case 'iscsi':
      return el(
        'pool',
        { type: 'iscsi' },
        name,
        el(
          'source',
          {},
          el('host', { name: spec.host, port: spec.port }),
          el('device', { path: spec.target }),
          authXml(spec.auth, 'chap'),
          spec.initiatorIqn !== undefined && el('initiator', {}, el('iqn', { name: spec.initiatorIqn })),
        ),
        target(spec.targetPath ?? '/dev/disk/by-path'),
      );
    case 'rbd':
      return el(
        'pool',
        { type: 'rbd' },
        name,
        el('source', {}, el('name', {}, spec.sourceName), ...spec.hosts.map((h) => el('host', { name: h.name, port: h.port })), authXml(spec.auth, 'ceph')),
      );
    case 'disk':
      return el(
        'pool',
        { type: 'disk' },
        name,
        el('source', {}, el('device', { path: spec.sourceDevice }), el('format', { type: spec.format ?? 'dos' })),
        target(spec.targetPath ?? '/dev'),
      );
  }
}

/** What the summaries need from a pool's XML. */
export interface PoolXmlFacts {
  type: string;
  targetPath: string | null;
  sourceDevices: string[];
  sourceHosts: string[];
  sourceDir: string | null;
  sourceName: string | null;
}

export function readPoolXml(xml: string): PoolXmlFacts {
  const root: XmlElement = parseXml(xml);
  const source = at(root, 'source');
  return {
    type: attr(root, 'type') ?? 'unknown',
    targetPath: text(at(root, 'target', 'path')) ?? null,
    sourceDevices: source ? children(source, 'device').map((d) => attr(d, 'path') ?? '') : [],
    sourceHosts: source ? children(source, 'host').map((h) => attr(h, 'name') ?? '') : [],
    sourceDir: attr(at(source, 'dir'), 'path') ?? null,
    sourceName: text(at(source, 'name')) ?? null,
  };
}
