// User preferences that live in main (they steer the core), persisted in the config directory.
import * as v from 'valibot';
import { STATS_GROUPS, STATS_INTERVAL_MAX_MS, STATS_INTERVAL_MIN_MS } from './stats';

export const SettingsSchema = v.object({
  stats: v.object({
    intervalMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(STATS_INTERVAL_MIN_MS), v.maxValue(STATS_INTERVAL_MAX_MS)), 1000),
    groups: v.optional(v.array(v.picklist(STATS_GROUPS)), ['state', 'cpu-total', 'balloon', 'vcpu', 'interface', 'block']),
  }),
  consoles: v.object({
    /** Preferred viewer when a VM has both. */
    prefer: v.optional(v.picklist(['spice', 'vnc', 'serial']), 'spice'),
    scale: v.optional(v.boolean(), true),
    /** Grab keyboard shortcuts (Ctrl+Alt+Del etc.) for the guest while the console has focus. */
    grabKeys: v.optional(v.boolean(), true),
  }),
  confirm: v.object({
    forceOff: v.optional(v.boolean(), true),
    delete: v.optional(v.boolean(), true),
    pause: v.optional(v.boolean(), false),
  }),
  appearance: v.object({ theme: v.optional(v.picklist(['system', 'light', 'dark']), 'system') }),
  newVm: v.object({
    storagePool: v.optional(v.pipe(v.string(), v.maxLength(200)), 'default'),
    network: v.optional(v.pipe(v.string(), v.maxLength(200)), 'default'),
  }),
  monitoring: v.object({
    prometheus: v.optional(v.boolean(), false),
    prometheusPort: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1024), v.maxValue(65535)), 9177),
  }),
});
export type Settings = v.InferOutput<typeof SettingsSchema>;

/** Every section may be left out: defaults fill it in. */
export const DEFAULT_SETTINGS: Settings = v.parse(SettingsSchema, { stats: {}, consoles: {}, confirm: {}, appearance: {}, newVm: {}, monitoring: {} });

/** A change to some settings; sections not named keep their values. */
export type SettingsPatch = { [K in keyof Settings]?: Partial<Settings[K]> };

export interface SettingsService {
  get(): Promise<Settings>;
  /** Validates the merged result; on error nothing changes. Returns the new settings. */
  update(patch: SettingsPatch): Promise<Settings>;
}

export type SettingsEvent = { type: 'settings-changed'; settings: Settings };

export const settingsArgSchemas = {
  get: v.strictTuple([]),
  update: v.strictTuple([
    v.pipe(
      v.record(v.picklist(['stats', 'consoles', 'confirm', 'appearance', 'newVm', 'monitoring']), v.record(v.string(), v.unknown())),
      v.transform((p) => p as SettingsPatch),
    ),
  ]),
};
