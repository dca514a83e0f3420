// Name checks shared by the clone and restore dialogs: the contract's rule plus "not taken on this host".
import * as v from 'valibot';
import { newVmNameSchema } from '../../../../preload/contract/vm-lifecycle-ext';

export function vmNameError(name: string, takenOnHost: readonly string[]): string | null {
  const r = v.safeParse(newVmNameSchema, name);
  if (!r.success) return r.issues[0].message.replace(/^./, (c) => c.toUpperCase());
  if (takenOnHost.includes(name)) return `A VM named “${name}” already exists on this host`;
  return null;
}

/** `base`, else `base-2`, `base-3`, … whichever is free. */
export function freeVmName(base: string, takenOnHost: readonly string[]): string {
  const set = new Set(takenOnHost);
  if (!set.has(base)) return base;
  for (let i = 2; ; i++) if (!set.has(`${base}-${i}`)) return `${base}-${i}`;
}
