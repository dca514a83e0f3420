import { defineStore } from 'pinia';
import { shallowRef, triggerRef } from 'vue';

/**
 * A counter per host and kind that main's `host-objects-changed` events bump: the networks and
 * storage pages watch it and re-read their lists, so changes made outside Virtdeck show up.
 */
export const useHostObjectsStore = defineStore('host-objects', () => {
  const versions = shallowRef(new Map<string, number>());
  const key = (hostId: string, kind: 'network' | 'pool') => `${hostId}/${kind}`;
  return {
    version: (hostId: string, kind: 'network' | 'pool') => versions.value.get(key(hostId, kind)) ?? 0,
    bump(hostId: string, kind: 'network' | 'pool') {
      versions.value.set(key(hostId, kind), (versions.value.get(key(hostId, kind)) ?? 0) + 1);
      triggerRef(versions);
    },
  };
});
