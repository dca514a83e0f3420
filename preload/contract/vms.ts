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

export interface VmsService {
  /** Every VM on every connected host (or on one host). */
  list(hostId?: string): Promise<VmSummary[]>;
  act(hostId: string, uuid: string, action: VmAction): Promise<void>;
  setAutostart(hostId: string, uuid: string, autostart: boolean): Promise<void>;
  getAutostart(hostId: string, uuid: string): Promise<boolean>;
  rename(hostId: string, uuid: string, newName: string): Promise<void>;
  getXml(hostId: string, uuid: string, live?: boolean): Promise<string>;
  defineXml(hostId: string, uuid: string, xml: string): Promise<XmlEditResult>;
}

export const hostIdSchema = v.pipe(v.string(), v.uuid('host id must be a UUID'));
export const vmUuidSchema = v.pipe(v.string(), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'not a VM UUID'));
// libvirt: any characters but '/', not empty; we also refuse control characters.
const vmName = v.pipe(v.string(), v.minLength(1, 'name is empty'), v.maxLength(200), v.regex(/^[^/\p{Cc}]+$/u, "a VM name cannot contain '/' or control characters"));

export const vmsArgSchemas = {
  list: v.union([v.strictTuple([]), v.strictTuple([hostIdSchema])]),
  act: v.strictTuple([hostIdSchema, vmUuidSchema, v.picklist(VM_ACTIONS)]),
  setAutostart: v.strictTuple([hostIdSchema, vmUuidSchema, v.boolean()]),
  getAutostart: v.strictTuple([hostIdSchema, vmUuidSchema]),
  rename: v.strictTuple([hostIdSchema, vmUuidSchema, vmName]),
  getXml: v.union([v.strictTuple([hostIdSchema, vmUuidSchema]), v.strictTuple([hostIdSchema, vmUuidSchema, v.boolean()])]),
  defineXml: v.strictTuple([hostIdSchema, vmUuidSchema, v.pipe(v.string(), v.maxLength(4 * 1024 * 1024, 'XML is too large'))]),
};
