import { describe, expect, it } from 'vitest';
import { locatePki } from './tls';

describe('locatePki (libvirt client credential locations)', () => {
  it('root uses the system locations', () => {
    expect(locatePki({ euid: 0, exists: () => false })).toEqual({
      ca: '/etc/pki/CA/cacert.pem',
      cert: '/etc/pki/libvirt/clientcert.pem',
      key: '/etc/pki/libvirt/private/clientkey.pem',
    });
  });
  it('root picks up the system CRL when present', () => {
    expect(locatePki({ euid: 0, exists: (p) => p === '/etc/pki/CA/cacrl.pem' }).crl).toBe('/etc/pki/CA/cacrl.pem');
  });
  it('non-root prefers ~/.pki/libvirt per file, falling back to system files', () => {
    const have = new Set(['/home/u/.pki/libvirt/cacert.pem']);
    expect(locatePki({ euid: 1000, home: '/home/u', exists: (p) => have.has(p) })).toEqual({
      ca: '/home/u/.pki/libvirt/cacert.pem',
      cert: '/etc/pki/libvirt/clientcert.pem',
      key: '/etc/pki/libvirt/private/clientkey.pem',
    });
    have.add('/home/u/.pki/libvirt/clientcert.pem');
    have.add('/home/u/.pki/libvirt/clientkey.pem');
    expect(locatePki({ euid: 1000, home: '/home/u', exists: (p) => have.has(p) })).toMatchObject({
      cert: '/home/u/.pki/libvirt/clientcert.pem',
      key: '/home/u/.pki/libvirt/clientkey.pem',
    });
  });
  it('pkipath= overrides everything', () => {
    expect(locatePki({ pkiPath: '/p', euid: 1000, exists: () => true })).toEqual({
      ca: '/p/cacert.pem',
      cert: '/p/clientcert.pem',
      key: '/p/clientkey.pem',
      crl: '/p/cacrl.pem',
    });
  });
});
