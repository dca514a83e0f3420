import type { VmSummary } from '../../../preload/contract/model';
import type { LibvirtClient } from '../../libvirt';
import { domainStateName } from './domain-state';
import { uuidToString } from '../util/uuid';

// virConnectListAllDomainsFlags: 0 lists every domain, active or not.
const LIST_ALL = 0;

/** Every domain on one host with its state and size: one list call plus one info call per domain, pipelined. */
export async function listVms(client: LibvirtClient, hostId: string): Promise<VmSummary[]> {
  const { domains } = await client.call('CONNECT_LIST_ALL_DOMAINS', { need_results: 1, flags: LIST_ALL });
  const infos = await Promise.all(
    domains.map(async (dom) => {
      const [info, persistent] = await Promise.all([
        client.call('DOMAIN_GET_INFO', { dom }),
        client.call('DOMAIN_IS_PERSISTENT', { dom }),
      ]);
      return { dom, info, persistent: persistent.persistent !== 0 };
    }),
  );
  return infos.map(({ dom, info, persistent }) => ({
    hostId,
    uuid: uuidToString(dom.uuid),
    name: dom.name,
    id: dom.id >= 0 ? dom.id : null,
    state: domainStateName(info.state),
    vcpus: info.nrVirtCpu,
    memoryKiB: Number(info.memory),
    maxMemoryKiB: Number(info.maxMem),
    persistent,
  }));
}
