import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { propertyUsage } from './xml/coverage';

// Vitest isolates test files, so the property registry only sees one file's activity. This file
// therefore pulls in every other test file (their tests run here too) and checks afterwards that
// each declared property was read and, unless read-only, written by some test.
import './devices/devices.test';
import './diff.test';
import './domain-edit.test';
import './golden.test';
import './mac.test';
import './read.test';
import './roundtrip.test';
import './validate/rules.test';
import './validate/validate.test';
import './xml/lossless.test';
import './xml/props.test';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const IMPORTED = ['devices/devices.test.ts', 'diff.test.ts', 'domain-edit.test.ts', 'golden.test.ts', 'mac.test.ts', 'read.test.ts', 'roundtrip.test.ts', 'validate/rules.test.ts', 'validate/validate.test.ts', 'xml/lossless.test.ts', 'xml/props.test.ts'];

describe('declared property coverage', () => {
  it('imports every test file of the module', () => {
    const all = readdirSync(HERE, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts') && !f.endsWith('coverage.test.ts'))
      .map((f) => relative(HERE, join(HERE, f)))
      .sort();
    expect(all).toEqual([...IMPORTED].sort());
  });

  it('every declared property is read and written by some test', () => {
    const usage = propertyUsage();
    expect(usage.length).toBeGreaterThan(150);
    const unread = usage.filter((u) => u.reads === 0).map((u) => u.id);
    const unwritten = usage.filter((u) => !u.readOnly && u.writes === 0).map((u) => u.id);
    expect({ unread, unwritten }).toEqual({ unread: [], unwritten: [] });
  });
});
