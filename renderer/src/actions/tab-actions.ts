// Closing and detaching the main area's tabs, from the tab strip (buttons, Delete key) and from the
// command palette. A tab with unsaved edits asks before it goes.
import { openDetachedVm } from '../lib/detach';
import { useDialogsStore } from '../stores/dialogs';
import { useHostsStore } from '../stores/hosts';
import { hostIdOfTab, isHostTab, useTabsStore } from '../stores/tabs';
import { useVmsStore } from '../stores/vms';

export function tabLabel(key: string): string {
  return isHostTab(key) ? (useHostsStore().byId.get(hostIdOfTab(key))?.name ?? 'Removed host') : (useVmsStore().get(key)?.name ?? 'Unavailable VM');
}

/** Closes the tab, after confirming when it holds unsaved edits; false when the user kept it. */
export async function closeTab(key: string): Promise<boolean> {
  const tabs = useTabsStore();
  const what = tabs.dirty.get(key);
  if (what) {
    const label = tabLabel(key);
    const ok = await useDialogsStore().confirm({
      title: `Close ${label}?`,
      message: `The ${what} of ${label} has unsaved changes. Closing the tab discards them.`,
      confirmLabel: 'Discard and close',
      danger: true,
    });
    if (!ok) return false;
  }
  tabs.close(key);
  return true;
}

/** Moves a VM tab into its own window (unsaved edits stay here: closing asks first). */
export async function detachVmTab(key: string): Promise<void> {
  if (openDetachedVm(key)) await closeTab(key);
}
