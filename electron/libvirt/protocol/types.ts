import type { AnyCodec } from '../xdr';

/** One row of a generated procedure table. */
export interface ProcedureInfo {
  readonly name: string;
  readonly number: number;
  /** Payload of the CALL; null = empty. */
  readonly args: AnyCodec | null;
  /** Payload of the successful REPLY; null = empty. */
  readonly ret: AnyCodec | null;
  /** Payload of a server-sent MESSAGE (events); null when the procedure is not an event. */
  readonly msg: AnyCodec | null;
  /** libvirt's `@priority` annotation: high-priority calls never block on a hypervisor monitor. */
  readonly priority: 'high' | 'low';
  /** `@readstream` (daemon → us) / `@writestream` (us → daemon): the call opens a data stream. */
  readonly stream: 'read' | 'write' | null;
}
