// The user's saved connections, persisted as JSON in their config directory. Secrets (passwords,
// passphrases) never go here: see the secret store.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { writeFileAtomic } from '../util/atomic-write';

const SavedHostSchema = v.object({
  id: v.pipe(v.string(), v.uuid()),
  name: v.string(),
  uri: v.string(),
  autoconnect: v.boolean(),
});
export type SavedHost = v.InferOutput<typeof SavedHostSchema>;

const FileSchema = v.object({ version: v.literal(1), hosts: v.array(SavedHostSchema) });

export interface HostConfigStore {
  /** The saved hosts, or null when nothing was ever saved (first start). */
  load(): Promise<SavedHost[] | null>;
  save(hosts: readonly SavedHost[]): Promise<void>;
}

export function newHostId(): string {
  return randomUUID();
}

/** Keeps hosts in memory only: for tests and the dev host. `null` acts as a first start. */
export function memoryHostConfig(initial: SavedHost[] | null = []): HostConfigStore {
  let hosts = structuredClone(initial);
  return {
    load: async () => structuredClone(hosts),
    save: async (next) => {
      hosts = structuredClone([...next]);
    },
  };
}

export function fileHostConfig(configDir: string): HostConfigStore {
  const file = path.join(configDir, 'hosts.json');
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
      const parsed = v.safeParse(FileSchema, JSON.parse(text));
      if (!parsed.success) throw new Error(`${file} is not a valid Virtdeck host list: ${parsed.issues[0].message}`);
      return parsed.output.hosts;
    },
    async save(hosts) {
      await writeFileAtomic(file, JSON.stringify({ version: 1, hosts }, null, 2) + '\n');
    },
  };
}
