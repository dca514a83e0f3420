// Preferences: loaded once, every change validated as a whole before it is saved (atomic write) and
// announced, so the core (stats interval, Prometheus) and every window follow.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings, type SettingsEvent, type SettingsPatch, type SettingsService } from '../../../preload/contract/settings';
import { ApiError } from '../api/api-error';
import { writeFileAtomic } from '../util/atomic-write';

export interface SettingsPersistence {
  load(): Promise<unknown>;
  save(settings: Settings): Promise<void>;
}

export function fileSettings(configDir: string): SettingsPersistence {
  const file = path.join(configDir, 'settings.json');
  return {
    async load() {
      try {
        return JSON.parse(await readFile(file, 'utf8'));
      } catch {
        return {};
      }
    },
    save: (s) => writeFileAtomic(file, JSON.stringify(s, null, 2) + '\n'),
  };
}

export function memorySettings(): SettingsPersistence {
  let saved: unknown = {};
  return { load: async () => saved, save: async (s) => void (saved = structuredClone(s)) };
}

function merge(base: Settings, patch: SettingsPatch | Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(base);
  for (const [section, values] of Object.entries(patch)) out[section] = { ...(out[section] as object), ...(values as object) };
  return out;
}

export class SettingsStore {
  private current: Settings = DEFAULT_SETTINGS;
  private readonly listeners = new Set<(e: SettingsEvent) => void>();

  private constructor(private readonly persistence: SettingsPersistence) {}

  /** A damaged or outdated file never stops the app: what is valid is kept, the rest defaulted. */
  static async load(persistence: SettingsPersistence): Promise<SettingsStore> {
    const store = new SettingsStore(persistence);
    const raw = await persistence.load();
    const parsed = v.safeParse(SettingsSchema, merge(DEFAULT_SETTINGS, raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {}));
    store.current = parsed.success ? parsed.output : DEFAULT_SETTINGS;
    return store;
  }

  get value(): Settings {
    return this.current;
  }

  onChange(listener: (e: SettingsEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readonly service: SettingsService = {
    get: async () => this.current,
    update: async (patch) => {
      const parsed = v.safeParse(SettingsSchema, merge(this.current, patch));
      if (!parsed.success) {
        const msg = parsed.issues.map((i) => `${i.path?.map((p) => String(p.key)).join('.') ?? ''}: ${i.message}`).join('; ');
        throw new ApiError('INVALID_ARGUMENT', `settings not changed: ${msg}`);
      }
      await this.persistence.save(parsed.output);
      this.current = parsed.output;
      for (const l of this.listeners) l({ type: 'settings-changed', settings: this.current });
      return this.current;
    },
  };
}
