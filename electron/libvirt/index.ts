/**
 * Pure-TypeScript libvirt RPC client (see README.md in this folder).
 *
 *   const client = await connect('qemu+ssh://root@host/system');
 *   const { dom } = await client.call('DOMAIN_LOOKUP_BY_NAME', { name: 'vm1' });
 *   const info = await client.call('DOMAIN_GET_INFO', { dom });
 */
import { dial, type TransportOptions } from './transport';
import type { LibvirtClient } from './client';
import { openClient, type OpenOptions } from './open';
import { parseLibvirtUri } from './uri';

export interface ConnectOptions extends TransportOptions, Omit<OpenOptions, 'signal'> {}

/** Dials `uri` with the matching transport and runs the open handshake. */
export async function connect(uri: string, options: ConnectOptions = {}): Promise<LibvirtClient> {
  const { stream, openName, secure } = await dial(uri, { ...options, readonly: options.readonly ?? options.readOnly });
  const { host, user } = parseLibvirtUri(uri); // dial() already validated it
  return openClient(stream, openName, options, { secure, host, user });
}

export { LibvirtClient } from './client';
export type { CallOptions, ClientOptions, ProcedureName, ArgsOf, RetOf, StreamProcedureName } from './client';
export { openClient, DEFAULT_OPEN_TIMEOUT_MS, type OpenOptions, type OpenPeer } from './open';
export {
  SUPPORTED_SASL_MECHANISMS,
  type SaslOptions,
  type SaslCredentials,
  type SaslCredentialsRequest,
  type SaslMechanismName,
} from './auth/sasl';
export { LibvirtError, ConnectionClosedError, LibvirtTimeoutError, LibvirtAbortError, localError } from './errors';
export { LibvirtStream, type HoleChunk } from './stream';
export {
  EventHub,
  DOMAIN_EVENTS,
  NETWORK_EVENTS,
  STORAGE_POOL_EVENTS,
  type DomainEventName,
  type NetworkEventName,
  type StoragePoolEventName,
  type DomainEvent,
  type NetworkEvent,
  type StoragePoolEvent,
  type EventSubscription,
  type SubscribeOptions,
} from './events';
export { KEEPALIVE_DEFAULTS, type KeepaliveOptions } from './keepalive';
export { XdrError } from './xdr';
export { FrameError } from './rpc';
export type * from './protocol/generated/remote';
export { remoteProcedures, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION } from './protocol/generated/remote';
export type { ProcedureInfo } from './protocol/types';
export { TransportError, type TransportOptions, type DialResult } from './transport';
