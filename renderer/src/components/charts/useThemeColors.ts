// Reads the theme's CSS variables for canvas drawing (charts cannot use var()) and re-reads them
// when the theme changes: <html data-theme> or the system's colour scheme.
import { onBeforeUnmount, ref } from 'vue';

export interface ChartColors {
  text: string;
  muted: string;
  grid: string;
  panel: string;
  series: string[];
}

export function readChartColors(): ChartColors {
  const cs = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#1d232b'),
    muted: v('--muted', '#5c6675'),
    grid: v('--border', '#dde1e6'),
    panel: v('--panel', '#ffffff'),
    series: [v('--accent', '#2f6feb'), v('--ok', '#1a7f37'), v('--warn', '#9a6700'), v('--danger', '#cf222e')],
  };
}

/** Reactive colours: `colors.value` changes when the theme does. */
export function useThemeColors() {
  const colors = ref<ChartColors>(readChartColors());
  const refresh = () => (colors.value = readChartColors());
  const observer = new MutationObserver(refresh);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', refresh);
  onBeforeUnmount(() => {
    observer.disconnect();
    media.removeEventListener('change', refresh);
  });
  return colors;
}
