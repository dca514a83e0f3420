import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from './fuzzy';

describe('fuzzy', () => {
  it('matches subsequences and ranks word starts higher', () => {
    expect(fuzzyScore('fo', 'Force off test')).not.toBeNull();
    expect(fuzzyScore('xyz', 'Start test')).toBeNull();
    const items = ['Reboot test', 'Start test', 'Shut down test'];
    expect(fuzzyFilter(items, 'sd', (s) => s)[0]).toBe('Shut down test');
    expect(fuzzyFilter(items, 'start', (s) => s)).toEqual(['Start test']);
    expect(fuzzyFilter(items, '', (s) => s)).toEqual(items);
  });
});
