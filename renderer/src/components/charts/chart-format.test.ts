import { describe, expect, it } from 'vitest';
import { binaryStep, chartSummary, formatBytes, formatSpan, formatValue, latestAndPeak } from './chart-format';

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
  it('summarises a chart as text', () => {
    expect(formatSpan(60_000)).toBe('1 min');
    expect(formatSpan(3_600_000)).toBe('1 hour');
    expect(formatSpan(30_000)).toBe('30 s');
    expect(latestAndPeak([null, 3, 12, NaN, 4, null])).toEqual({ latest: 4, peak: 12 });
    expect(latestAndPeak([null])).toBeNull();
    const pct = (v: number) => formatValue(v, 'percent');
    expect(chartSummary('CPU', 60_000, [{ label: 'vCPU', values: [1, 12, 3.2] }], pct)).toBe('CPU over the last 1 min: vCPU 3.2 % now, peak 12 %');
    expect(chartSummary('Disk', 600_000, [{ label: 'read', values: [] }, { label: 'write', values: [2048] }], (v) => formatValue(v, 'bytesPerSec'))).toBe(
      'Disk over the last 10 min: read no data yet; write 2 KiB/s now, peak 2 KiB/s',
    );
    expect(chartSummary('CPU %', 600_000, [{ label: 'CPU %', values: [5] }], pct)).toBe('CPU % over the last 10 min: 5.0 % now, peak 5.0 %');
  });
});
