// Data shapes that cross the main/renderer boundary. Plain JSON: no classes, no bigint, no Buffer,
// so the same values survive Electron's structured clone and the dev host's WebSocket.
import type { JobEvent } from './jobs';
import type { SettingsEvent } from './settings';
import type { StatsEvent } from './stats';

/** A saved libvirt connection, as the user named it. */
export interface HostSummary {
  id: string;
  name: string;
  uri: string;
  status: HostStatus;
  /** Filled once connected. */
  hostname?: string;
  hypervisor?: string;
}

/** Where a host's connection stands. A union so "connected with an error" cannot be said. */
export type HostStatus =
  | { state: 'disconnected' }
  | { state: 'connecting' }
  | { state: 'connected' }
  | { state: 'needs-auth'; prompt: string }
  | { state: 'failed'; reason: string }
  | { state: 'reconnecting'; attempt: number; nextInMs: number };

/** libvirt's virDomainState, by name. */
export const DOMAIN_STATES = [
  'nostate',
  'running',
  'blocked',
  'paused',
  'shutdown',
  'shutoff',
  'crashed',
  'pmsuspended',
] as const;
export type DomainState = (typeof DOMAIN_STATES)[number];

export interface VmSummary {
  hostId: string;
  uuid: string;
  name: string;
  /** Running domains have an id; inactive ones have none. */
  id: number | null;
  state: DomainState;
  vcpus: number;
  memoryKiB: number;
  maxMemoryKiB: number;
  persistent: boolean;
  /** The user's short title (libvirt <title>), '' when none. */
  title: string;
  autostart: boolean;
  /** The user's group for this VM (kept in the domain's own <metadata>), null when none. */
  group: string | null;
  /** The user's tags (same place), sorted, no duplicates. */
  tags: string[];
  /** The guest OS virt-install/virt-manager/cockpit recorded (libosinfo <metadata>), null when none. */
  os: VmOs | null;
}

export type OsFamily = 'linux' | 'windows' | 'bsd' | 'macos' | 'other';

/** A libosinfo OS id, understood: e.g. http://debian.org/debian/12 → linux, debian, "Debian 12". */
export interface VmOs {
  /** The libosinfo id as recorded, e.g. 'http://debian.org/debian/12'. */
  id: string;
  family: OsFamily;
  /** Short distribution key ('debian', 'ubuntu', 'fedora', 'rhel', 'win', 'freebsd'…), null when not known. */
  distro: string | null;
  /** For people: 'Debian 12', 'Windows Server 2022', 'Fedora 40'. */
  label: string;
}

/**
 * Something only the user can answer while a host connects (SSH host key, password, key
 * passphrase, keyboard-interactive). The host shows `needs-auth` until it is answered.
 */
export type AuthPrompt = { id: string; hostId: string } & (
  | { kind: 'host-key'; host: string; port: number; keyType: string; fingerprint: string }
  | { kind: 'password'; host: string; username: string }
  /** SASL (libvirt's own auth): the user name is editable, prefilled when known. */
  | { kind: 'credentials'; host: string; username: string; mechanism: string; previousError: string | null }
  | { kind: 'passphrase'; keyPath: string }
  | { kind: 'keyboard-interactive'; host: string; username: string; instructions: string; prompts: { prompt: string; echo: boolean }[] }
);

/**
 * The user's answer; `null` means cancel. Host keys take `accept`, credentials `username` +
 * `secret`, the rest `secret`/`responses`.
 * `remember` keeps a password or passphrase in the OS keyring (never in a plain file).
 */
export type AuthAnswer =
  | { accept: boolean }
  | { secret: string; remember?: boolean }
  | { username: string; secret: string; remember?: boolean }
  | { responses: string[] }
  | null;

/** Events main pushes to the renderer. */
export type VirtdeckEvent =
  | JobEvent
  | StatsEvent
  | SettingsEvent
  | { type: 'host-status'; hostId: string; status: HostStatus }
  | { type: 'auth-prompt'; prompt: AuthPrompt }
  | { type: 'auth-prompt-closed'; id: string }
  | { type: 'host-added'; host: HostSummary }
  | { type: 'host-updated'; host: HostSummary }
  | { type: 'host-removed'; hostId: string }
  | { type: 'vm-updated'; vm: VmSummary }
  | { type: 'vm-removed'; hostId: string; uuid: string }
  /** A network or storage pool changed on the host (also when done outside Virtdeck): re-read that list. */
  | { type: 'host-objects-changed'; hostId: string; kind: 'network' | 'pool'; name: string };

/** Errors as they reach the renderer: libvirt's code name when libvirt said no. */
export interface ApiErrorInfo {
  /** e.g. 'VIR_ERR_NO_DOMAIN', or one of ours: 'INVALID_ARGUMENT', 'UNKNOWN_METHOD', 'INTERNAL'. */
  code: string;
  message: string;
}
