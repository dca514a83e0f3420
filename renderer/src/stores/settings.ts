// The user's preferences, held by main (SettingsService) and mirrored here; `settings-changed`
// events keep every window in step. The theme lives here too: useTheme's localStorage copy is only
// a first-paint cache, kept equal to the setting.
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { VirtdeckEvent } from '../../../preload/contract/model';
import type { Settings, SettingsPatch } from '../../../preload/contract/settings';
import { api, onEvent } from '../api/virtdeck';
import { useTheme } from '../composables/useTheme';

const LEGACY_THEME_KEY = 'virtdeck.theme';

export const useSettingsStore = defineStore('settings', () => {
  const settings = shallowRef<Settings | null>(null);
  /** The preferences dialog. */
  const dialogOpen = ref(false);
  const { theme } = useTheme();

  function apply(s: Settings) {
    settings.value = s;
    if (theme.value !== s.appearance.theme) theme.value = s.appearance.theme;
  }

  async function load() {
    let s = await api.settings.get();
    // One-time move of the theme chosen before it was a setting.
    const cached = theme.value;
    let legacy: string | null = null;
    try {
      legacy = localStorage.getItem(LEGACY_THEME_KEY);
    } catch {
      /* no storage */
    }
    if (s.appearance.theme === 'system' && legacy && cached !== 'system') s = await api.settings.update({ appearance: { theme: cached } });
    apply(s);
  }

  async function update(patch: SettingsPatch): Promise<Settings> {
    const s = await api.settings.update(patch);
    apply(s);
    return s;
  }

  // The theme toggle (and the palette) set the theme ref; make that the setting.
  watch(theme, (t) => {
    if (settings.value && settings.value.appearance.theme !== t) void update({ appearance: { theme: t } }).catch(() => undefined);
  });

  function listen(): () => void {
    return onEvent((e: VirtdeckEvent) => {
      if (e.type === 'settings-changed') apply(e.settings);
    });
  }

  return { settings, dialogOpen, load, update, listen };
});
