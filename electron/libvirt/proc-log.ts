// Records which procedures a process really calls or receives, for the coverage table
// (scripts/gen-coverage.ts). Off unless VIRTDECK_PROC_LOG names a folder: tests set it, the app
// never does. One file per process, one name per line, each name written once.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.VIRTDECK_PROC_LOG;
const seen = new Set<string>();
let file: string | null = null;

export const procLogEnabled = !!dir;

export function logProcedure(name: string): void {
  if (!dir || seen.has(name)) return;
  seen.add(name);
  if (!file) {
    mkdirSync(dir, { recursive: true });
    file = path.join(dir, `${process.pid}-${Math.random().toString(36).slice(2, 8)}.txt`);
  }
  appendFileSync(file, name + '\n');
}
