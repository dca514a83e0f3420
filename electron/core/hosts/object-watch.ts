// Networks and storage pools change outside Virtdeck too (virsh, other tools): their lifecycle and
// refresh events tell the renderer which host's lists to re-read, instead of polling them.
import type { EventSubscription, LibvirtClient } from '../../libvirt';

export type ObjectChange = { kind: 'network' | 'pool'; name: string };

export async function watchHostObjects(client: LibvirtClient, onChange: (change: ObjectChange) => void): Promise<() => Promise<void>> {
  const onError = (err: unknown) => console.error('[virtdeck] object watch failed:', err);
  // A driver without network or storage events (some remote hypervisors) only loses live updates.
  const settled = await Promise.allSettled([
    client.events.onNetwork('lifecycle', (e) => onChange({ kind: 'network', name: e.net.name }), { onError }),
    client.events.onStoragePool('lifecycle', (e) => onChange({ kind: 'pool', name: e.pool.name }), { onError }),
    client.events.onStoragePool('refresh', (e) => onChange({ kind: 'pool', name: e.pool.name }), { onError }),
  ]);
  const subs: EventSubscription[] = [];
  for (const r of settled) {
    if (r.status === 'fulfilled') subs.push(r.value);
    else console.warn(`[virtdeck] no live network/pool updates from this host: ${(r.reason as Error).message}`);
  }
  return async () => {
    await Promise.all(subs.map((s) => s.unsubscribe().catch(() => undefined)));
  };
}
