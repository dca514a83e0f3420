// The VM service: inventory and what a user does to one VM.
import * as v from 'valibot';
import type { VmSummary } from './model';

export const VM_ACTIONS = ['start', 'shutdown', 'reboot', 'reset', 'force-off', 'pause', 'resume', 'managed-save', 'managed-save-remove'] as const;
export type VmAction = (typeof VM_ACTIONS)[number];

export interface XmlEditResult {
  /** Unified diff of the definition, passwords masked; empty when libvirt normalised the edit away. */
  diff: string;
  /** The VM is running: the change applies at its next start. */
  needsRestart: boolean;
}

/** User-defined labels kept in the domain's <metadata> under Virtdeck's namespace, so they travel with the VM. */
export interface VmLabels {
  group: string | null;
  tags: string[];
}

export const VM_GROUP_MAX = 64;
export const VM_TAGS_MAX = 32;
export const VM_TAG_MAX = 32;
/** A tag: 1–32 letters, digits or `-_.:`. */
export const VM_TAG_PATTERN = /^[\p{L}\p{N}_.:-]{1,32}$/u;

/** The canonical form: group trimmed ('' → null), tags de-duplicated and sorted. */
export function normalizeLabels(labels: VmLabels): VmLabels {
  const group = labels.group?.trim() ? labels.group.trim() : null;
  const tags = [...new Set(labels.tags)].sort((a, b) => a.localeCompare(b));
  return { group, tags };
}

export interface VmsService {
  /** Every VM on every connected host (or on one host). */
  list(hostId?: string): Promise<VmSummary[]>;
  act(hostId: string, uuid: string, action: VmAction): Promise<void>;
  setAutostart(hostId: string, uuid: string, autostart: boolean): Promise<void>;
  getAutostart(hostId: string, uuid: string): Promise<boolean>;
  rename(hostId: string, uuid: string, newName: string): Promise<void>;
  getXml(hostId: string, uuid: string, live?: boolean): Promise<string>;
  defineXml(hostId: string, uuid: string, xml: string): Promise<XmlEditResult>;
  /** Replaces the VM's group and tags (persistent definition, and the live one when running). */
  setLabels(hostId: string, uuid: string, labels: VmLabels): Promise<void>;
}

export const hostIdSchema = v.pipe(v.string(), v.uuid('host id must be a UUID'));
export const vmUuidSchema = v.pipe(v.string(), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'not a VM UUID'));
// libvirt: any characters but '/', not empty; we also refuse control characters.
const vmName = v.pipe(v.string(), v.minLength(1, 'name is empty'), v.maxLength(200), v.regex(/^[^/\p{Cc}]+$/u, "a VM name cannot contain '/' or control characters"));

const vmGroup = v.nullable(
  v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(VM_GROUP_MAX, `a group name is at most ${VM_GROUP_MAX} characters`),
    v.regex(/^[^\p{Cc}]*$/u, 'a group name cannot contain control characters'),
  ),
);
const vmTag = v.pipe(v.string(), v.regex(VM_TAG_PATTERN, `a tag is 1–${VM_TAG_MAX} letters, digits or - _ . :`));
const vmLabels = v.pipe(
  v.strictObject({
    group: vmGroup,
    tags: v.pipe(v.array(vmTag), v.transform((t) => [...new Set(t)]), v.maxLength(VM_TAGS_MAX, `at most ${VM_TAGS_MAX} tags`)),
  }),
  v.transform(normalizeLabels),
);

export const vmsArgSchemas = {
  list: v.union([v.strictTuple([]), v.strictTuple([hostIdSchema])]),
  act: v.strictTuple([hostIdSchema, vmUuidSchema, v.picklist(VM_ACTIONS)]),
  setAutostart: v.strictTuple([hostIdSchema, vmUuidSchema, v.boolean()]),
  getAutostart: v.strictTuple([hostIdSchema, vmUuidSchema]),
  rename: v.strictTuple([hostIdSchema, vmUuidSchema, vmName]),
  getXml: v.union([v.strictTuple([hostIdSchema, vmUuidSchema]), v.strictTuple([hostIdSchema, vmUuidSchema, v.boolean()])]),
  defineXml: v.strictTuple([hostIdSchema, vmUuidSchema, v.pipe(v.string(), v.maxLength(4 * 1024 * 1024, 'XML is too large'))]),
  setLabels: v.strictTuple([hostIdSchema, vmUuidSchema, vmLabels]),
};
