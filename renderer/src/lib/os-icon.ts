// What VmOsIcon draws: one small monochrome glyph per OS family, and for a few common
// distributions a glyph of their own, all simple shapes drawn here (no logos copied), on a 16×16
// grid in currentColor. Plus the words a screen reader hears and the tone of the state dot.
import type { DomainState, VmOs } from '../../../preload/contract/model';

export type GlyphKey = 'linux' | 'windows' | 'bsd' | 'macos' | 'other' | 'debian' | 'ubuntu' | 'fedora' | 'rhel' | 'centos' | 'rocky' | 'arch' | 'alpine';

/** One path: stroked (1.4 wide, round ends) unless `fill`; `evenodd` cuts holes (a belly, eyes). */
export interface GlyphPath {
  d: string;
  fill?: true;
  evenodd?: true;
}

/** A full circle as a path, so every glyph is a list of paths. */
const circle = (cx: number, cy: number, r: number) => `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0Z`;

/** Half-turns whose radius grows by `step` each: a spiral from (x, y) outwards. */
function spiral(x: number, y: number, step: number, halfTurns: number): string {
  let d = `M${x} ${y}`;
  for (let i = 1; i <= halfTurns; i++) {
    const r = Math.round(i * step * 100) / 100;
    d += `a${r} ${r} 0 0 1 ${i % 2 === 1 ? -2 * r : 2 * r} 0`;
  }
  return d;
}

/** Element id of a glyph's SVG symbol (VmOsGlyphs defines them, VmOsIcon uses them). */
export const glyphSymbolId = (key: GlyphKey) => `vd-os-glyph-${key}`;

export const GLYPHS: Record<GlyphKey, GlyphPath[]> = {
  // A monitor: nothing known about the guest.
  other: [{ d: 'M3 2.5h10a1.5 1.5 0 0 1 1.5 1.5v6.5a1.5 1.5 0 0 1-1.5 1.5H3a1.5 1.5 0 0 1-1.5-1.5V4A1.5 1.5 0 0 1 3 2.5zM8 12v2.5M5.5 14.5h5' }],
  // Four window panes.
  windows: [{ d: 'M2 2.6h5.4V7.4H2zM8.6 2.6H14V7.4H8.6zM2 8.6h5.4v4.8H2zM8.6 8.6H14v4.8H8.6z', fill: true }],
  // A penguin-ish bird: one body with a hollow belly, eyes and beak, and two feet.
  linux: [
    {
      d:
        'M8 .9c2 0 3 1.6 3 3.4 0 1 .1 1.6.8 2.6 1.2 1.6 1.7 3.3 1.5 5-.2 1.8-2.3 2.9-5.3 2.9s-5.1-1.1-5.3-2.9c-.2-1.7.3-3.4 1.5-5 .7-1 .8-1.6.8-2.6 0-1.8 1-3.4 3-3.4z' +
        'M8 7.4c1.7 0 2.7 2 2.7 3.9 0 1.7-1.1 2.5-2.7 2.5s-2.7-.8-2.7-2.5C5.3 9.4 6.3 7.4 8 7.4z' +
        circle(6.9, 3.7, 0.7) +
        circle(9.1, 3.7, 0.7) +
        'M7.1 5.1h1.8L8 6.2z',
      fill: true,
      evenodd: true,
    },
    { d: 'M3.2 15.2c0-.8.9-1.3 2.1-1.3s2.1.5 2.1 1.3zM8.6 15.2c0-.8.9-1.3 2.1-1.3s2.1.5 2.1 1.3z', fill: true },
  ],
  // A horned little daemon.
  bsd: [
    { d: circle(8, 9.6, 5.2) },
    { d: 'M4.2 6.1 3 1.2l3.6 3.3zM11.8 6.1 13 1.2 9.4 4.5z' + circle(6.2, 9.2, 0.9) + circle(9.8, 9.2, 0.9), fill: true },
    { d: 'M6.2 12.1c1.1.7 2.5.7 3.6 0' },
  ],
  // A window with three buttons in its title bar.
  macos: [{ d: 'M3.5 2.5h9a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2h-9a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2zM1.5 5.8h13' }, { d: circle(3.8, 4.1, 0.6) + circle(5.6, 4.1, 0.6) + circle(7.4, 4.1, 0.6), fill: true }],
  // A swirl.
  debian: [{ d: spiral(8.6, 8, 1.25, 5) }],
  // A ring with three friends around it.
  ubuntu: [{ d: 'M10.6 3.9A4.8 4.8 0 0 1 12.8 8M12 10.9a4.8 4.8 0 0 1-5.2 1.8M4.5 10.7a4.8 4.8 0 0 1 1.3-6.2' }, { d: circle(13.4, 10.2, 1.5) + circle(8.4, 2.7, 1.5) + circle(2.9, 6.9, 1.5), fill: true }],
  // A lowercase f in a circle.
  fedora: [{ d: circle(8, 8, 6.3) + 'M10.3 4.9c-1.5-.5-2.8.2-2.8 1.9v5.6M5.5 8.7h4.2' }],
  // A hat: crown and brim.
  rhel: [{ d: 'M4.4 10c0-3.1 1.2-6 3.6-6s3.6 2.9 3.6 6c-2.2 1-5 1-7.2 0zM1.5 9.8c1.6 2.6 11.4 2.6 13 0 .2 2.4-2.9 3.9-6.5 3.9S1.3 12.2 1.5 9.8z', fill: true }],
  // A diamond cut in four.
  centos: [{ d: 'M8 1.5 14.5 8 8 14.5 1.5 8zM8 1.5v13M1.5 8h13' }],
  // A mountain in a circle.
  rocky: [{ d: circle(8, 8, 6.3) + 'M2.8 11.3 6.4 7.2l2.2 2.3 2-2.5 2.6 4.3' }],
  // One peak with a curved foot.
  arch: [{ d: 'M8 1.3 14.6 14.7C12.5 13.3 10.3 12.5 8 12.5s-4.5.8-6.6 2.2z', fill: true }],
  // Two peaks.
  alpine: [{ d: 'M.8 13.6 6 4.6l3.1 5.2 1.9-3 4.2 6.8z', fill: true }],
};

const DISTRO_GLYPH: Record<string, GlyphKey> = {
  debian: 'debian',
  ubuntu: 'ubuntu',
  fedora: 'fedora',
  rhel: 'rhel',
  centos: 'centos',
  rocky: 'rocky',
  arch: 'arch',
  alpine: 'alpine',
};

export function glyphFor(os: VmOs | null): GlyphKey {
  if (!os) return 'other';
  if (os.distro && Object.hasOwn(DISTRO_GLYPH, os.distro)) return DISTRO_GLYPH[os.distro]!;
  return Object.hasOwn(GLYPHS, os.family) ? os.family : 'other';
}

/** What a screen reader says for the icon: the OS and the state, e.g. 'Debian 12, running'. */
export function osIconLabel(os: VmOs | null, state: DomainState): string {
  return `${os?.label ?? 'Unknown OS'}, ${state}`;
}

export type StateTone = 'ok' | 'warn' | 'danger' | 'off';

/** The state dot's colour, as the state badge colours it. */
export function stateTone(state: DomainState): StateTone {
  switch (state) {
    case 'running':
    case 'blocked':
      return 'ok';
    case 'paused':
    case 'pmsuspended':
    case 'shutdown':
      return 'warn';
    case 'crashed':
      return 'danger';
    default:
      return 'off';
  }
}
