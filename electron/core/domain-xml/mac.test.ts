import { describe, expect, it } from 'vitest';
import { generateMac, normalizeMac, QEMU_OUI } from './mac';
import { checkMac } from './validate/rules';

describe('generateMac', () => {
  it('makes valid unicast 52:54:00 addresses', () => {
    for (let i = 0; i < 50; i++) {
      const mac = generateMac([]);
      expect(mac.startsWith(`${QEMU_OUI}:`)).toBe(true);
      expect(checkMac(mac)).toBeUndefined();
    }
  });

  it('skips addresses already taken, case-insensitively', () => {
    const seq = [
      [0xab, 0xcd, 0xef],
      [0xab, 0xcd, 0xef],
      [0x01, 0x02, 0x03],
    ];
    let i = 0;
    const rand = (): Uint8Array => Uint8Array.from(seq[i++] ?? [0, 0, 0]);
    expect(generateMac(['52:54:00:AB:CD:EF'], rand)).toBe('52:54:00:01:02:03');
    expect(() => generateMac(['52:54:00:00:00:00'], () => new Uint8Array(3))).toThrow(/unused MAC/);
    expect(normalizeMac(' 52:54:00:AA:BB:CC ')).toBe('52:54:00:aa:bb:cc');
  });
});
