// What the preload (and, in tests and development, the dev host's bridge script) puts on
// `window.virtdeck`. Deliberately tiny: one generic invoke and one event subscription. The typed
// per-service proxy the UI uses is built on top of it in the renderer (renderer/src/api/).
import type { ApiErrorInfo, VirtdeckEvent } from './model';
import type { MethodName, ServiceName } from './services';

export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorInfo };

export interface VirtdeckBridge {
  invoke<S extends ServiceName>(service: S, method: MethodName<S>, args: unknown[]): Promise<InvokeResult>;
  /** Returns an unsubscribe function. */
  onEvent(listener: (event: VirtdeckEvent) => void): () => void;
}

/** IPC channel names: main accepts these and nothing else. */
export const IPC_INVOKE = 'virtdeck:invoke';
export const IPC_EVENT = 'virtdeck:event';
