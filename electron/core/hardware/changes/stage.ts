// Stages a list of ConfigChanges on a copy of the parsed definition and checks the result: every
// problem is collected (field checks per change, then validateDomain on the whole staged domain,
// each issue pointed back at the change that caused it) so the UI can mark all fields at once.
import type { Element } from '@xmldom/xmldom';
import type { ConfigChange, ConfigIssue, DeviceKindName } from '../../../../preload/contract/hardware';
import { DomainXmlError, validateDomain, type DeviceView, type DomainXml, type Issue } from '../../domain-xml';
import { idOf, KINDS, LIST_KINDS, resolveDevice } from '../device-registry';
import { ADD_INIT, FIELD_NAMES, writeDevice } from './device-writes';
import { FieldError, stageBoot, stageCpu, stageGeneral, stageMemory, stagePin, stageVcpus } from './domain-changes';
import { ChangeIssues, type Props } from './values';

/** What staging left behind per change, for the live step. */
export interface StagedChange {
  index: number;
  change: ConfigChange;
  /** The device the change added/updated/removed, in the staged document (removed: the original's). */
  device?: { kind: DeviceKindName; id: string; el: Element };
}

export interface StageResult {
  staged: StagedChange[];
  issues: ConfigIssue[];
}

function stageOne(dom: DomainXml, change: ConfigChange, issues: ChangeIssues): StagedChange['device'] {
  switch (change.kind) {
    case 'general':
      stageGeneral(dom, change);
      return undefined;
    case 'memory':
      stageMemory(dom, change, issues);
      return undefined;
    case 'vcpus':
      stageVcpus(dom, change, issues);
      return undefined;
    case 'cpu':
      stageCpu(dom, change, issues);
      return undefined;
    case 'pin':
      stagePin(dom, change, issues);
      return undefined;
    case 'boot':
      stageBoot(dom, change, issues);
      return undefined;
    case 'add-device': {
      const { kind } = change.device;
      const props = change.device.props as Props;
      const view = KINDS[kind].list(dom).add((ADD_INIT[kind]?.(props) ?? {}) as never);
      writeDevice(kind, view, props, { dom, adding: true, issues: issues.nested('device.props') });
      return { kind, id: idOf(dom, kind, view), el: view.el };
    }
    case 'update-device': {
      const found = resolveDevice(dom, change.id);
      if (!found) throw new FieldError('id', `no device '${change.id}' (the list may be stale: reload)`);
      if (found.kind !== change.device.kind) throw new FieldError('device.kind', `'${change.id}' is a ${found.kind}, not a ${change.device.kind}`);
      writeDevice(found.kind, found.view, change.device.props as Props, { dom, adding: false, issues: issues.nested('device.props') });
      return { kind: found.kind, id: change.id, el: found.view.el };
    }
    case 'remove-device': {
      const found = resolveDevice(dom, change.id);
      if (!found) throw new FieldError('id', `no device '${change.id}' (the list may be stale: reload)`);
      KINDS[found.kind].list(dom).remove(found.view);
      return { kind: found.kind, id: change.id, el: found.view.el };
    }
    case 'change-media': {
      const found = resolveDevice(dom, change.id);
      if (!found || found.kind !== 'disk') throw new FieldError('id', `no CD-ROM or floppy '${change.id}'`);
      changeMedia(found.view, change.path, issues);
      return { kind: 'disk', id: change.id, el: found.view.el };
    }
  }
}

/** Insert (path) or eject (null) on a removable drive; also used on the live device. */
export function changeMedia(view: DeviceView, path: string | null, issues: ChangeIssues): void {
  const d = view as unknown as import('../../domain-xml').Disk;
  if (!d.isRemovable) {
    issues.add('id', `disk ${d.targetDev ?? ''} is not a CD-ROM or floppy`);
    return;
  }
  if (path === null) d.eject();
  else if (!path.startsWith('/')) issues.add('path', `'${path}' is not an absolute path`);
  else d.insertMedia(path);
}

/** Applies every change to `dom` (in place). */
export function stageChanges(original: DomainXml, dom: DomainXml, changes: readonly ConfigChange[]): StageResult {
  const issues: ConfigIssue[] = [];
  const staged: StagedChange[] = [];
  changes.forEach((change, index) => {
    const ci = new ChangeIssues(issues, index, `changes[${index}]`);
    try {
      staged.push({ index, change, device: stageOne(dom, change, ci) });
    } catch (err) {
      if (err instanceof FieldError) ci.add(err.field, err.message);
      else if (err instanceof DomainXmlError || err instanceof Error) ci.add('', err.message);
      else throw err;
    }
  });
  if (issues.length) return { staged, issues };
  return { staged, issues: definitionIssues(original, dom, staged) };
}

/** Device issue paths (`devices.disks[1].x`) rewritten with stable ids, so before/after compare. */
function withIds(dom: DomainXml, issue: Issue): { key: string; kind?: DeviceKindName; el?: Element; field: string; issue: Issue } {
  const m = /^devices\.(\w+)\[(\d+)\](?:\.(.*))?$/.exec(issue.path);
  const kind = m ? LIST_KINDS[m[1] ?? ''] : undefined;
  if (!m || !kind) return { key: `${issue.path}|${issue.message}`, field: issue.path, issue };
  const view = KINDS[kind].list(dom).all()[Number(m[2])];
  const id = view ? idOf(dom, kind, view) : `${kind}#${m[2]}`;
  return { key: `${id}.${m[3] ?? ''}|${issue.message}`, kind, el: view?.el, field: m[3] ?? '', issue };
}

/** Domain paths → the change kinds that set them and the change's own field name. */
const DOMAIN_FIELDS: [RegExp, ConfigChange['kind'][], (rest: string) => string][] = [
  [/^memory\.(.*)$/, ['memory'], (f) => ({ memoryKiB: 'maxKiB', currentMemoryKiB: 'currentKiB' })[f] ?? f],
  [/^vcpu\.(.*)$/, ['vcpus'], (f) => ({ count: 'max' })[f] ?? f],
  [/^cpu\.(.*)$/, ['cpu', 'vcpus'], (f) => f],
  [/^cputune\.pins\[\d+\]\.(.*)$/, ['pin'], (f) => f],
  [/^(?:os|features)\.(.*)$/, ['boot'], (f) => ({ kernel: 'directKernel.kernel', initrd: 'directKernel.initrd', bootDevices: 'order', smm: 'secureBoot' })[f] ?? f],
];

/** New validateDomain issues (problems the definition already had are not the user's edit). */
function definitionIssues(original: DomainXml, dom: DomainXml, staged: readonly StagedChange[]): ConfigIssue[] {
  const before = new Set(validateDomain(original).map((i) => withIds(original, i).key));
  return validateDomain(dom)
    .map((i) => withIds(dom, i))
    .filter((x) => !before.has(x.key))
    .map(({ issue, el, field }) => {
      if (el) {
        const s = staged.find((c) => c.device?.el === el);
        if (s) {
          const prop = FIELD_NAMES[field.split('.')[0] ?? ''] ?? field;
          const path = s.change.kind === 'change-media' ? `changes[${s.index}].path` : `changes[${s.index}].device.props.${prop}`;
          return { path, message: issue.message, change: s.index };
        }
      }
      for (const [re, kinds, rename] of DOMAIN_FIELDS) {
        const m = re.exec(issue.path);
        if (!m) continue;
        const s = kinds.map((k) => [...staged].reverse().find((c) => c.change.kind === k)).find((c) => c !== undefined);
        if (s) return { path: `changes[${s.index}].${rename(m[1] ?? '')}`, message: issue.message, change: s.index };
      }
      return { path: `definition.${issue.path}`, message: issue.message };
    });
}
