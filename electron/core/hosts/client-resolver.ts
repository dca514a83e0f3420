import type { LibvirtClient } from '../../libvirt';

/**
 * How a service reaches libvirt: the connected client of a host, or an ApiError
 * ('HOST_NOT_CONNECTED' / 'NO_HOST') the user can read. Services take this rather than the host
 * manager so they stay independent of how hosts are kept.
 */
export type ClientResolver = (hostId: string) => LibvirtClient;
