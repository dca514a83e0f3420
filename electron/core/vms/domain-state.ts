import { DOMAIN_STATES, type DomainState } from '../../../preload/contract/model';

/** libvirt's virDomainState number → our name; unknown future values read as 'nostate'. */
export function domainStateName(state: number): DomainState {
  return DOMAIN_STATES[state] ?? 'nostate';
}
