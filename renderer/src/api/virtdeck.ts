// The renderer's view of main: a typed proxy (api.hosts.list(), api.vms.list(hostId), …) over the
// bridge's single generic invoke. Adding a method to the contract needs no code here.
import type { VirtdeckBridge } from '../../../preload/contract/bridge';
import type { ApiErrorInfo, VirtdeckEvent } from '../../../preload/contract/model';
import type { ServiceName, VirtdeckServices } from '../../../preload/contract/services';

export class ApiCallError extends Error {
  readonly code: string;
  constructor(info: ApiErrorInfo) {
    super(info.message);
    this.name = 'ApiCallError';
    this.code = info.code;
  }
}

export function createApi(bridge: VirtdeckBridge): VirtdeckServices {
  const services = new Map<string, object>();
  const serviceProxy = (service: ServiceName) =>
    new Proxy(
      {},
      {
        get: (_t, method) =>
          typeof method !== 'string'
            ? undefined
            : async (...args: unknown[]) => {
                const result = await bridge.invoke(service, method as never, args);
                if (!result.ok) throw new ApiCallError(result.error);
                return result.value;
              },
      },
    );
  return new Proxy({} as VirtdeckServices, {
    get(_t, service) {
      if (typeof service !== 'string') return undefined;
      let proxy = services.get(service);
      if (!proxy) services.set(service, (proxy = serviceProxy(service as ServiceName)));
      return proxy;
    },
  });
}

function bridge(): VirtdeckBridge {
  if (!window.virtdeck) throw new Error('Virtdeck bridge missing: the preload did not run');
  return window.virtdeck;
}

export const api: VirtdeckServices = createApi({
  invoke: (service, method, args) => bridge().invoke(service, method, args),
  onEvent: (listener) => bridge().onEvent(listener),
});

export function onEvent(listener: (event: VirtdeckEvent) => void): () => void {
  return bridge().onEvent(listener);
}
