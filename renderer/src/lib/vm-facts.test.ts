import { describe, expect, it } from 'vitest';
import { formatDuration } from './vm-facts';

describe('vm facts', () => {
  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(93_784_000)).toBe('1 d 2 h');
    expect(formatDuration(3_600_000)).toBe('1 h');
  });
});
