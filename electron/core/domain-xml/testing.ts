import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainXml } from './domain';

/** Test helpers: fixture access. Not exported from index. */
export const FIXTURES = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function loadFixture(name: string): DomainXml {
  return DomainXml.parse(fixture(name));
}

/** Every fixture, golden inputs/outputs included (`golden/NAME-in.xml`). */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.xml'))
    .sort();
}
