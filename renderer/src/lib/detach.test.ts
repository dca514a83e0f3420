import { describe, expect, it } from 'vitest';
import { detachedVmUrl } from './detach';

describe('detachedVmUrl', () => {
  it('keeps what the fragment carried (the dev host token) and adds the VM', () => {
    const url = detachedVmUrl('h1/u1', { origin: 'http://127.0.0.1:4000', pathname: '/index.html', hash: '#token=abc' });
    const hash = new URLSearchParams(new URL(url).hash.slice(1));
    expect(url.startsWith('http://127.0.0.1:4000/index.html#')).toBe(true);
    expect(hash.get('token')).toBe('abc');
    expect(hash.get('vm')).toBe('h1/u1');
  });
});
