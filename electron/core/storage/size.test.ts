import { describe, expect, it } from 'vitest';
import { formatBytes, parseSize, parseSizeResult } from './size';

describe('parseSize', () => {
  it.each([
    ['10G', 10 * 2 ** 30],
    ['10g', 10 * 2 ** 30],
    ['10 GiB', 10 * 2 ** 30],
    ['512MiB', 512 * 2 ** 20],
    ['512 M', 512 * 2 ** 20],
    ['1.5 TB', 1.5e12],
    ['1.5T', 1.5 * 2 ** 40],
    ['2KB', 2000],
    ['2k', 2048],
    ['1048576', 1048576],
    ['100 B', 100],
    ['  20 gib ', 20 * 2 ** 30],
    ['.5G', 2 ** 29],
    ['0', 0],
    ['1.0000', 1],
    ['4P', 4 * 2 ** 50],
  ])('%s → %d bytes', (input, bytes) => {
    expect(parseSize(input)).toBe(bytes);
  });

  it('rounds fractions up to a whole byte', () => {
    expect(parseSize('1.3K')).toBe(1332); // 1331.2
    expect(parseSize('0.001KB')).toBe(1);
  });

  it('takes byte counts as numbers', () => {
    expect(parseSize(4096)).toBe(4096);
    expect(parseSizeResult(1.5)).toEqual({ ok: false, error: 'size in bytes must be a whole number, got 1.5' });
    expect(parseSizeResult(-1).ok).toBe(false);
    expect(parseSizeResult(Number.NaN).ok).toBe(false);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['abc', /not a size/],
    ['10 GG', /unknown unit "GG"/],
    ['10 X', /unknown unit "X".*GiB/],
    ['-5G', /negative/],
    ['1.5', /whole number/],
    ['10 G B', /not a size/],
    ['99999E', /too large/],
    ['1e3', /unknown unit "e3"|not a size/],
  ])('refuses %j with a clear message', (input, message) => {
    const r = parseSizeResult(input, 'capacity');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(message);
      expect(r.error).toMatch(/^capacity/);
    }
    expect(() => parseSize(input)).toThrow(message);
  });

  it('formats bytes for messages', () => {
    expect(formatBytes(10 * 2 ** 30)).toBe('10 GiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(100)).toBe('100 B');
  });
});
