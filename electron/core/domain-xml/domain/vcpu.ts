import { int, str } from '../xml/props';
import { defineView } from '../xml/view';

/** `<vcpu placement='static' current='2' cpuset='…'>4</vcpu>`: count is the maximum. */
export const VcpuConfig = defineView('vcpu', {
  count: int('./vcpu'),
  current: int('./vcpu/@current'),
  placement: str<'static' | 'auto'>('./vcpu/@placement'),
  cpuset: str('./vcpu/@cpuset'),
});
