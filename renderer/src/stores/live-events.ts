// Routes main's events into the stores. Kept apart from the stores so they stay plain state.
import type { VirtdeckEvent } from '../../../preload/contract/model';
import { onEvent } from '../api/virtdeck';
import { useHostObjectsStore } from './host-objects';
import { useHostsStore } from './hosts';
import { usePromptsStore } from './prompts';
import { useStatsStore } from './stats';
import { useVmsStore } from './vms';

export function startLiveEvents(): () => void {
  const hosts = useHostsStore();
  const vms = useVmsStore();
  const hostObjects = useHostObjectsStore();
  const prompts = usePromptsStore();
  const stats = useStatsStore();
  return onEvent((event: VirtdeckEvent) => {
    switch (event.type) {
      case 'host-added':
      case 'host-updated':
        hosts.upsert(event.host);
        break;
      case 'host-removed':
        hosts.remove(event.hostId);
        vms.removeHost(event.hostId);
        break;
      case 'host-status':
        hosts.setStatus(event.hostId, event.status);
        if (event.status.state !== 'connected') vms.removeHost(event.hostId);
        break;
      case 'vm-updated':
        vms.upsert(event.vm);
        break;
      case 'host-objects-changed':
        hostObjects.bump(event.hostId, event.kind);
        break;
      case 'vm-removed':
        vms.remove(event.hostId, event.uuid);
        break;
      case 'auth-prompt':
        prompts.add(event.prompt);
        break;
      case 'auth-prompt-closed':
        prompts.close(event.id);
        break;
      case 'stats-tick':
      case 'stats-error':
        stats.apply(event);
        break;
    }
  });
}
