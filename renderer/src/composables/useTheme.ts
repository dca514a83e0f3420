// Light / dark / system, persisted in localStorage and applied as <html data-theme="light|dark">.
// 'system' is resolved here (and followed when the OS switches), so theme.css holds each palette
// once.
import { ref, watch } from 'vue';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'virtdeck.theme';

function read(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

const systemDark = window.matchMedia('(prefers-color-scheme: dark)');

function apply(choice: ThemeChoice) {
  document.documentElement.dataset.theme = choice === 'system' ? (systemDark.matches ? 'dark' : 'light') : choice;
}

const theme = ref<ThemeChoice>(read());
apply(theme.value);
systemDark.addEventListener('change', () => apply(theme.value));
watch(theme, (choice) => {
  apply(choice);
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    /* storage unavailable: the choice lasts for this session */
  }
});

export function useTheme() {
  return { theme };
}
