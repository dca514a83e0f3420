// One generic entry point for every service method: whichever channel carried the call (Electron
// IPC in the app, the dev host's WebSocket in tests), it lands here, is checked against the
// contract's schemas, and only then reaches the implementation.
import * as v from 'valibot';
import { argSchemas, type InvokeResult, type VirtdeckServices } from '../../../preload/contract';
import { ApiError, toErrorInfo } from './api-error';

export type Dispatch = (service: unknown, method: unknown, args: unknown) => Promise<InvokeResult>;

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export function createDispatcher(services: VirtdeckServices): Dispatch {
  return async (service, method, args) => {
    try {
      if (typeof service !== 'string' || !own(argSchemas, service)) {
        throw new ApiError('UNKNOWN_METHOD', `unknown service ${JSON.stringify(service)}`);
      }
      const schemas = argSchemas[service as keyof typeof argSchemas] as Record<string, v.GenericSchema>;
      if (typeof method !== 'string' || !own(schemas, method)) {
        throw new ApiError('UNKNOWN_METHOD', `unknown method ${service}.${JSON.stringify(method)}`);
      }
      const parsed = v.safeParse(schemas[method]!, args);
      if (!parsed.success) {
        const issue = parsed.issues[0];
        const where = issue.path?.map((p) => String(p.key)).join('.');
        throw new ApiError(
          'INVALID_ARGUMENT',
          `${service}.${method}: ${where ? `argument ${where}: ` : ''}${issue.message}`,
        );
      }
      const impl = (services as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[
        service
      ]![method]!;
      const value = await impl.apply(services[service as keyof VirtdeckServices], parsed.output as unknown[]);
      return { ok: true, value: value ?? null };
    } catch (err) {
      return { ok: false, error: toErrorInfo(err) };
    }
  };
}
