import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../preload/contract/settings';
import { fileSettings, SettingsStore } from './settings-store';

describe('SettingsStore', () => {
  it('starts from defaults, saves validated changes and announces them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vd-settings-'));
    const store = await SettingsStore.load(fileSettings(dir));
    expect(store.value).toEqual(DEFAULT_SETTINGS);
    const seen: unknown[] = [];
    store.onChange((e) => seen.push(e.settings.stats.intervalMs));
    await store.service.update({ stats: { intervalMs: 2000 }, monitoring: { prometheus: true } });
    expect(seen).toEqual([2000]);
    const reloaded = await SettingsStore.load(fileSettings(dir));
    expect(reloaded.value.stats).toEqual({ ...DEFAULT_SETTINGS.stats, intervalMs: 2000 });
    expect(reloaded.value.monitoring.prometheus).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8')).stats.intervalMs).toBe(2000);
  });

  it('refuses invalid values and changes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vd-settings-'));
    const store = await SettingsStore.load(fileSettings(dir));
    await expect(store.service.update({ stats: { intervalMs: 5 }, monitoring: { prometheusPort: 80 } })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/stats\.intervalMs.*monitoring\.prometheusPort/),
    });
    expect(store.value).toEqual(DEFAULT_SETTINGS);
  });

  it('survives a damaged file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vd-settings-'));
    writeFileSync(path.join(dir, 'settings.json'), '{"stats": {"intervalMs": "soon"');
    expect((await SettingsStore.load(fileSettings(dir))).value).toEqual(DEFAULT_SETTINGS);
  });
});
