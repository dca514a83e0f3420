import type { DialResult, TransportOptions } from './index';
import type { LibvirtUri } from '../uri';
import { TransportError } from './errors';

export async function dialTls(_uri: LibvirtUri, _options: TransportOptions = {}): Promise<DialResult> {
  throw new TransportError('UNSUPPORTED', 'tls transport not implemented yet');
}
