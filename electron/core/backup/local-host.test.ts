import { describe, expect, it } from 'vitest';
import { isLocalUri } from './local-host';

describe('isLocalUri', () => {
  it('counts only plain local URIs as this machine', () => {
    expect(isLocalUri('qemu:///system')).toBe(true);
    expect(isLocalUri('qemu:///session')).toBe(true);
    expect(isLocalUri('qemu+unix:///system')).toBe(true);
    expect(isLocalUri('qemu+ssh://root@host/system')).toBe(false);
    expect(isLocalUri('qemu+tcp://127.0.0.1/system')).toBe(false);
    expect(isLocalUri(undefined)).toBe(false);
    expect(isLocalUri('not a uri')).toBe(false);
  });
});
