import type { VmsService } from '../../../preload/contract/vms';
import type { HostManager } from '../hosts/host-manager';
import { VmOperations } from './vm-operations';

/** The contract's VM service: inventory from the host manager, actions from VmOperations. */
export function createVmsService(hosts: HostManager): VmsService {
  const ops = new VmOperations((hostId) => hosts.clientFor(hostId));
  return {
    list: async (hostId) => hosts.listVms(hostId),
    act: (h, u, a) => ops.act(h, u, a),
    setAutostart: async (h, u, on) => {
      await ops.setAutostart(h, u, on);
      await hosts.refreshVm(h, u);
    },
    getAutostart: (h, u) => ops.getAutostart(h, u),
    rename: (h, u, n) => ops.rename(h, u, n),
    getXml: (h, u, live) => ops.getXml(h, u, live),
    defineXml: (h, u, xml) => ops.defineXml(h, u, xml),
    setLabels: async (h, u, labels) => {
      await ops.setLabels(h, u, labels);
      // libvirt emits metadata-change too, but refresh now so the caller sees the new labels.
      await hosts.refreshVm(h, u);
    },
  };
}
