import type { DialResult, TransportOptions } from './index';
import type { LibvirtUri } from '../uri';
import { TransportError } from './errors';

export async function dialTcp(_uri: LibvirtUri, _options: TransportOptions = {}): Promise<DialResult> {
  throw new TransportError('UNSUPPORTED', 'tcp transport not implemented yet');
}
