// Light / dark / system, persisted in localStorage and applied as <html data-theme="…">
// (theme.css lets data-theme override prefers-color-scheme).
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

function apply(choice: ThemeChoice) {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}

const theme = ref<ThemeChoice>(read());
apply(theme.value);
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
