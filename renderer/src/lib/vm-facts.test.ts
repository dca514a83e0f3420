import { describe, expect, it } from 'vitest';
import { formatDuration, osNameFromId } from './vm-facts';

describe('vm facts', () => {
  it('names libosinfo ids', () => {
    expect(osNameFromId('http://debian.org/debian/12')).toBe('Debian 12');
    expect(osNameFromId('http://microsoft.com/win/11')).toBe('Windows 11');
    expect(osNameFromId('http://fedoraproject.org/fedora/39')).toBe('Fedora 39');
    expect(osNameFromId('http://libosinfo.org/linux/2022')).toBe('Linux 2022');
    expect(osNameFromId('http://example.com/zork/unknown')).toBe('Zork');
  });
  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(93_784_000)).toBe('1 d 2 h');
    expect(formatDuration(3_600_000)).toBe('1 h');
  });
});
