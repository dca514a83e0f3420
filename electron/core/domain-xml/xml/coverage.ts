/**
 * Every declared property registers here and records when it is read or written. The test suite
 * asserts that each registered property was exercised, so a property nobody tests fails the build.
 * Recording is a Set insert of an already-known key: cheap enough to leave on outside tests.
 */
interface Entry {
  readonly readOnly: boolean;
  reads: number;
  writes: number;
}

const entries = new Map<string, Entry>();

export function registerProperty(id: string, readOnly: boolean): void {
  if (entries.has(id)) throw new Error(`property ${id} declared twice`);
  entries.set(id, { readOnly, reads: 0, writes: 0 });
}

export function recordRead(id: string): void {
  const e = entries.get(id);
  if (e) e.reads++;
}

export function recordWrite(id: string): void {
  const e = entries.get(id);
  if (e) e.writes++;
}

export interface PropertyUse {
  readonly id: string;
  readonly readOnly: boolean;
  readonly reads: number;
  readonly writes: number;
}

export function propertyUsage(): PropertyUse[] {
  return [...entries].map(([id, e]) => ({ id, ...e }));
}
