// Which lifecycle actions make sense in which state, and how they are labelled. Used by the VM
// header, the context menu, the bulk bar and the command palette so they all agree.
import type { DomainState } from '../../../preload/contract/model';
import type { VmAction } from '../../../preload/contract/vms';

export type LifecycleAction = Extract<VmAction, 'start' | 'shutdown' | 'reboot' | 'pause' | 'resume' | 'force-off'>;

export const ACTION_LABELS: Record<LifecycleAction, string> = {
  start: 'Start',
  shutdown: 'Shut down',
  reboot: 'Reboot',
  pause: 'Pause',
  resume: 'Resume',
  'force-off': 'Force off',
};

export const LIFECYCLE_ACTIONS: LifecycleAction[] = ['start', 'shutdown', 'reboot', 'pause', 'resume', 'force-off'];

export function actionAllowed(action: LifecycleAction, state: DomainState): boolean {
  const active = state === 'running' || state === 'blocked' || state === 'paused' || state === 'pmsuspended' || state === 'shutdown';
  switch (action) {
    case 'start':
      return state === 'shutoff' || state === 'crashed' || state === 'nostate';
    case 'shutdown':
    case 'reboot':
      return state === 'running' || state === 'blocked';
    case 'pause':
      return state === 'running' || state === 'blocked';
    case 'resume':
      return state === 'paused';
    case 'force-off':
      return active || state === 'crashed';
  }
}

export const isDestructive = (action: LifecycleAction) => action === 'force-off';

/** Past-tense verb for success toasts. */
export const ACTION_DONE: Record<LifecycleAction, string> = {
  start: 'started',
  shutdown: 'asked to shut down',
  reboot: 'asked to reboot',
  pause: 'paused',
  resume: 'resumed',
  'force-off': 'forced off',
};
