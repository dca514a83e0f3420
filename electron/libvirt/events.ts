import { decodePayload } from './rpc';
import {
  remoteProcedures,
  type RemoteProcedures,
  type remote_nonnull_domain,
  type remote_nonnull_network,
  type remote_nonnull_storage_pool,
} from './protocol/generated/remote';
import type { CallOptions } from './client';

/** Domain event name → libvirt event ID (virDomainEventID) and the procedure that carries it. */
export const DOMAIN_EVENTS = {
  lifecycle: { id: 0, proc: 'DOMAIN_EVENT_CALLBACK_LIFECYCLE' },
  reboot: { id: 1, proc: 'DOMAIN_EVENT_CALLBACK_REBOOT' },
  'rtc-change': { id: 2, proc: 'DOMAIN_EVENT_CALLBACK_RTC_CHANGE' },
  watchdog: { id: 3, proc: 'DOMAIN_EVENT_CALLBACK_WATCHDOG' },
  'io-error': { id: 4, proc: 'DOMAIN_EVENT_CALLBACK_IO_ERROR' },
  graphics: { id: 5, proc: 'DOMAIN_EVENT_CALLBACK_GRAPHICS' },
  'io-error-reason': { id: 6, proc: 'DOMAIN_EVENT_CALLBACK_IO_ERROR_REASON' },
  'control-error': { id: 7, proc: 'DOMAIN_EVENT_CALLBACK_CONTROL_ERROR' },
  'block-job': { id: 8, proc: 'DOMAIN_EVENT_CALLBACK_BLOCK_JOB' },
  'disk-change': { id: 9, proc: 'DOMAIN_EVENT_CALLBACK_DISK_CHANGE' },
  'tray-change': { id: 10, proc: 'DOMAIN_EVENT_CALLBACK_TRAY_CHANGE' },
  'pm-wakeup': { id: 11, proc: 'DOMAIN_EVENT_CALLBACK_PMWAKEUP' },
  'pm-suspend': { id: 12, proc: 'DOMAIN_EVENT_CALLBACK_PMSUSPEND' },
  'balloon-change': { id: 13, proc: 'DOMAIN_EVENT_CALLBACK_BALLOON_CHANGE' },
  'pm-suspend-disk': { id: 14, proc: 'DOMAIN_EVENT_CALLBACK_PMSUSPEND_DISK' },
  'device-removed': { id: 15, proc: 'DOMAIN_EVENT_CALLBACK_DEVICE_REMOVED' },
  'block-job-2': { id: 16, proc: 'DOMAIN_EVENT_BLOCK_JOB_2' },
  tunable: { id: 17, proc: 'DOMAIN_EVENT_CALLBACK_TUNABLE' },
  'agent-lifecycle': { id: 18, proc: 'DOMAIN_EVENT_CALLBACK_AGENT_LIFECYCLE' },
  'device-added': { id: 19, proc: 'DOMAIN_EVENT_CALLBACK_DEVICE_ADDED' },
  'migration-iteration': { id: 20, proc: 'DOMAIN_EVENT_CALLBACK_MIGRATION_ITERATION' },
  'job-completed': { id: 21, proc: 'DOMAIN_EVENT_CALLBACK_JOB_COMPLETED' },
  'device-removal-failed': { id: 22, proc: 'DOMAIN_EVENT_CALLBACK_DEVICE_REMOVAL_FAILED' },
  'metadata-change': { id: 23, proc: 'DOMAIN_EVENT_CALLBACK_METADATA_CHANGE' },
  'block-threshold': { id: 24, proc: 'DOMAIN_EVENT_BLOCK_THRESHOLD' },
  'memory-failure': { id: 25, proc: 'DOMAIN_EVENT_MEMORY_FAILURE' },
  'memory-device-size-change': { id: 26, proc: 'DOMAIN_EVENT_MEMORY_DEVICE_SIZE_CHANGE' },
} as const satisfies Record<string, { id: number; proc: keyof RemoteProcedures }>;

export const NETWORK_EVENTS = {
  lifecycle: { id: 0, proc: 'NETWORK_EVENT_LIFECYCLE' },
} as const satisfies Record<string, { id: number; proc: keyof RemoteProcedures }>;

export const STORAGE_POOL_EVENTS = {
  lifecycle: { id: 0, proc: 'STORAGE_POOL_EVENT_LIFECYCLE' },
  refresh: { id: 1, proc: 'STORAGE_POOL_EVENT_REFRESH' },
} as const satisfies Record<string, { id: number; proc: keyof RemoteProcedures }>;

type MsgOf<P> = P extends keyof RemoteProcedures ? (RemoteProcedures[P] extends { msg: infer M } ? M : never) : never;

export type DomainEventName = keyof typeof DOMAIN_EVENTS;
export type NetworkEventName = keyof typeof NETWORK_EVENTS;
export type StoragePoolEventName = keyof typeof STORAGE_POOL_EVENTS;
/** The decoded event message (the generated `remote_*_msg` struct, callbackID included). */
export type DomainEvent<E extends DomainEventName> = MsgOf<(typeof DOMAIN_EVENTS)[E]['proc']>;
export type NetworkEvent<E extends NetworkEventName> = MsgOf<(typeof NETWORK_EVENTS)[E]['proc']>;
export type StoragePoolEvent<E extends StoragePoolEventName> = MsgOf<(typeof STORAGE_POOL_EVENTS)[E]['proc']>;

export type EventListener<T> = (event: T) => void | Promise<void>;

export interface SubscribeOptions extends CallOptions {
  /**
   * Events queued for this subscription before the oldest is dropped (default 10,000). A slow
   * listener only ever delays its own queue; the socket reader never waits for it.
   */
  maxQueue?: number;
  /** Called when a listener throws or rejects (default: the error is emitted as 'listenerError' on the client). */
  onError?: (err: unknown) => void;
}

export interface EventSubscription {
  readonly callbackID: number;
  /** Events dropped because the queue was full. */
  readonly dropped: number;
  /** Stops delivery at once and deregisters on the daemon. */
  unsubscribe(): Promise<void>;
}

/** The part of the client the hub needs; kept structural to avoid an import cycle. */
interface HubClient {
  call<K extends keyof RemoteProcedures>(name: K, args: RemoteProcedures[K]['args'], options?: CallOptions): Promise<RemoteProcedures[K]['ret']>;
  emit(event: string, ...args: unknown[]): boolean;
  readonly closed: boolean;
}

type Family = 'domain' | 'network' | 'pool';

const FAMILY_OF_PROC = new Map<number, Family>();
for (const e of Object.values(DOMAIN_EVENTS)) FAMILY_OF_PROC.set(remoteProcedures[e.proc].number, 'domain');
for (const e of Object.values(NETWORK_EVENTS)) FAMILY_OF_PROC.set(remoteProcedures[e.proc].number, 'network');
for (const e of Object.values(STORAGE_POOL_EVENTS)) FAMILY_OF_PROC.set(remoteProcedures[e.proc].number, 'pool');
const MSG_OF_PROC = new Map(Object.values(remoteProcedures).filter((p) => p.msg).map((p) => [p.number, p.msg!]));

// An event can overtake the reply to its registration (the daemon queues both from different
// threads), so events for callback IDs not yet known wait here briefly.
const EARLY_MAX = 256;

/** '6695eb01-f6a4-8304-79aa-97f2502e193f' (dashes optional) → 16 bytes. */
function parseUuid(s: string): Buffer {
  const hex = s.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`invalid domain UUID ${JSON.stringify(s)}`);
  return Buffer.from(hex, 'hex');
}

/** What the hub routes decoded events into. */
interface Sink {
  readonly procNumber: number;
  push(ev: unknown): void;
  stop(): void;
}

/** One subscription's private queue and delivery loop. */
class Subscription<T> implements EventSubscription, Sink {
  private queue: T[] = [];
  private head = 0;
  private running = false;
  private active = true;
  dropped = 0;

  constructor(
    readonly family: Family,
    readonly callbackID: number,
    readonly procNumber: number,
    private readonly listener: EventListener<T>,
    private readonly maxQueue: number,
    private readonly onError: (err: unknown) => void,
    private readonly deregister: () => Promise<void>,
  ) {}

  push(ev: T): void {
    if (!this.active) return;
    if (this.queue.length - this.head >= this.maxQueue) {
      this.head++;
      this.dropped++;
    }
    this.queue.push(ev);
    if (!this.running) {
      this.running = true;
      queueMicrotask(() => void this.drain());
    }
  }

  private async drain(): Promise<void> {
    while (this.active && this.head < this.queue.length) {
      const ev = this.queue[this.head]!;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      try {
        await this.listener(ev);
      } catch (e) {
        this.onError(e);
      }
    }
    this.running = false;
  }

  stop(): void {
    this.active = false;
    this.queue = [];
    this.head = 0;
  }

  async unsubscribe(): Promise<void> {
    if (!this.active) return;
    this.stop();
    await this.deregister();
  }
}

/**
 * Typed event subscriptions (callback-based, like libvirt's remote driver since 1.3.3): each
 * subscription is its own server-side registration, optionally filtered to one object by the
 * daemon, with its own delivery queue.
 */
export class EventHub {
  private readonly subs: Record<Family, Map<number, Sink>> = {
    domain: new Map(),
    network: new Map(),
    pool: new Map(),
  };
  private early: { family: Family; callbackID: number; proc: number; msg: unknown }[] = [];

  constructor(private readonly client: HubClient) {}

  /**
   * Subscribes to one domain event type on this host, or only for `domain` when given (the daemon
   * filters by UUID; `{ name, uuid, id }` as returned by lookups, or just the UUID as 16 bytes or
   * its usual string form).
   */
  async onDomain<E extends DomainEventName>(
    event: E,
    listener: EventListener<DomainEvent<E>>,
    options: SubscribeOptions & { domain?: remote_nonnull_domain | Buffer | string } = {},
  ): Promise<EventSubscription> {
    const spec = DOMAIN_EVENTS[event];
    if (!spec) throw new Error(`unknown domain event ${String(event)}`);
    const d = typeof options.domain === 'string' ? parseUuid(options.domain) : options.domain;
    // The daemon filters on the UUID alone, so a bare UUID is wrapped in a nameless domain.
    const dom: remote_nonnull_domain | null = d === undefined ? null : Buffer.isBuffer(d) ? { name: '', uuid: d, id: -1 } : d;
    const { callbackID } = await this.client.call('CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY', { eventID: spec.id, dom }, options);
    return this.add('domain', callbackID, spec.proc, listener, options, () =>
      this.client.call('CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY', { callbackID }),
    );
  }

  async onNetwork<E extends NetworkEventName>(
    event: E,
    listener: EventListener<NetworkEvent<E>>,
    options: SubscribeOptions & { network?: remote_nonnull_network } = {},
  ): Promise<EventSubscription> {
    const spec = NETWORK_EVENTS[event];
    if (!spec) throw new Error(`unknown network event ${String(event)}`);
    const { callbackID } = await this.client.call(
      'CONNECT_NETWORK_EVENT_REGISTER_ANY',
      { eventID: spec.id, net: options.network ?? null },
      options,
    );
    return this.add('network', callbackID, spec.proc, listener, options, () =>
      this.client.call('CONNECT_NETWORK_EVENT_DEREGISTER_ANY', { callbackID }),
    );
  }

  async onStoragePool<E extends StoragePoolEventName>(
    event: E,
    listener: EventListener<StoragePoolEvent<E>>,
    options: SubscribeOptions & { pool?: remote_nonnull_storage_pool } = {},
  ): Promise<EventSubscription> {
    const spec = STORAGE_POOL_EVENTS[event];
    if (!spec) throw new Error(`unknown storage pool event ${String(event)}`);
    const { callbackID } = await this.client.call(
      'CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY',
      { eventID: spec.id, pool: options.pool ?? null },
      options,
    );
    return this.add('pool', callbackID, spec.proc, listener, options, () =>
      this.client.call('CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY', { callbackID }),
    );
  }

  private add<T>(
    family: Family,
    callbackID: number,
    proc: keyof RemoteProcedures,
    listener: EventListener<T>,
    options: SubscribeOptions,
    deregisterCall: () => Promise<unknown>,
  ): EventSubscription {
    const onError = options.onError ?? ((err: unknown) => this.client.emit('listenerError', err));
    const sub: Subscription<T> = new Subscription<T>(
      family,
      callbackID,
      remoteProcedures[proc].number,
      listener,
      options.maxQueue ?? 10_000,
      onError,
      async () => {
        this.subs[family].delete(callbackID);
        // Nothing to deregister on a dead connection: the daemon dropped the callbacks with it.
        if (!this.client.closed) await deregisterCall();
      },
    );
    this.subs[family].set(callbackID, sub);
    const early = this.early.filter((e) => e.family === family && e.callbackID === callbackID);
    if (early.length) {
      this.early = this.early.filter((e) => !(e.family === family && e.callbackID === callbackID));
      for (const e of early) if (e.proc === sub.procNumber) sub.push(e.msg as T);
    }
    return sub;
  }

  /** Routes one server MESSAGE. Returns false if it is not an event we know. */
  dispatch(proc: number, frame: Buffer): boolean {
    const family = FAMILY_OF_PROC.get(proc);
    const codec = MSG_OF_PROC.get(proc);
    if (!family || !codec) return false;
    const msg = decodePayload(frame, codec) as { callbackID: number };
    const sub = this.subs[family].get(msg.callbackID);
    if (sub) {
      if (sub.procNumber === proc) sub.push(msg);
      return true;
    }
    if (this.early.length >= EARLY_MAX) this.early.shift();
    this.early.push({ family, callbackID: msg.callbackID, proc, msg });
    return true;
  }

  /** Connection closed: stop every queue (the daemon forgot the registrations anyway). */
  closeAll(_reason: Error): void {
    for (const fam of Object.values(this.subs)) {
      for (const s of fam.values()) s.stop();
      fam.clear();
    }
    this.early = [];
  }
}
