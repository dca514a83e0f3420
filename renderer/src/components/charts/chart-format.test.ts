import { describe, expect, it } from 'vitest';
import { binaryStep, formatBytes, formatValue } from './chart-format';

describe('chart formats', () => {
  it('formats values per unit', () => {
    expect(formatValue(null, 'percent')).toBe('—');
    expect(formatValue(3.71, 'percent')).toBe('3.7 %');
    expect(formatValue(55, 'percent')).toBe('55 %');
    expect(formatValue(1536, 'bytesPerSec')).toBe('1.5 KiB/s');
    expect(formatValue(216064, 'kib')).toBe('211 MiB');
    expect(formatBytes(0)).toBe('0 B');
  });
  it('picks binary axis steps', () => {
    expect(binaryStep(1024)).toBe(256);
    expect(binaryStep(293 * 1024)).toBe(128 * 1024);
    expect(binaryStep(0)).toBe(0.25);
  });
});
