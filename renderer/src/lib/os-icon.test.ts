import { describe, expect, it } from 'vitest';
import { DOMAIN_STATES, type VmOs } from '../../../preload/contract/model';
import { GLYPHS, glyphFor, osIconLabel, stateTone } from './os-icon';

const os = (family: VmOs['family'], distro: string | null, label = 'X'): VmOs => ({ id: 'http://example.org/x/1', family, distro, label });

describe('OS icon', () => {
  it('picks a distribution glyph when there is one, else the family, else the monitor', () => {
    expect(glyphFor(os('linux', 'debian'))).toBe('debian');
    expect(glyphFor(os('linux', 'ubuntu'))).toBe('ubuntu');
    expect(glyphFor(os('linux', 'rhel'))).toBe('rhel');
    expect(glyphFor(os('linux', 'gentoo'))).toBe('linux');
    expect(glyphFor(os('linux', null))).toBe('linux');
    expect(glyphFor(os('windows', 'win'))).toBe('windows');
    expect(glyphFor(os('bsd', 'openbsd'))).toBe('bsd');
    expect(glyphFor(os('macos', 'macos'))).toBe('macos');
    expect(glyphFor(os('other', 'haiku'))).toBe('other');
    expect(glyphFor(null)).toBe('other');
    // A family from a newer core that this renderer does not know yet.
    expect(glyphFor(os('plan9' as VmOs['family'], null))).toBe('other');
    // Names that exist on every object are not distributions.
    expect(glyphFor(os('linux', 'constructor'))).toBe('linux');
    expect(glyphFor(os('linux', '__proto__'))).toBe('linux');
  });

  it('every glyph is a list of well-formed paths inside the 16×16 grid', () => {
    for (const [key, paths] of Object.entries(GLYPHS)) {
      expect(paths.length, key).toBeGreaterThan(0);
      for (const p of paths) {
        expect(p.d, key).toMatch(/^M[-\d. ]/);
        expect(p.d, key).toMatch(/^[MmLlHhVvCcSsAaZz\d\s.,-]+$/);
        expect(p.d, key).not.toMatch(/NaN|undefined/);
        // Absolute coordinates after M stay within the grid (relative moves are checked by eye).
        for (const m of p.d.matchAll(/M(-?[\d.]+)[ ,](-?[\d.]+)/g)) {
          expect(Number(m[1]), `${key} x`).toBeGreaterThanOrEqual(0);
          expect(Number(m[1]), `${key} x`).toBeLessThanOrEqual(16);
          expect(Number(m[2]), `${key} y`).toBeGreaterThanOrEqual(0);
          expect(Number(m[2]), `${key} y`).toBeLessThanOrEqual(16);
        }
      }
    }
  });

  it('names the OS and the state', () => {
    expect(osIconLabel(os('linux', 'debian', 'Debian 12'), 'running')).toBe('Debian 12, running');
    expect(osIconLabel(null, 'shutoff')).toBe('Unknown OS, shutoff');
  });

  it('colours the state dot like the state badge', () => {
    expect(stateTone('running')).toBe('ok');
    expect(stateTone('blocked')).toBe('ok');
    expect(stateTone('paused')).toBe('warn');
    expect(stateTone('pmsuspended')).toBe('warn');
    expect(stateTone('shutdown')).toBe('warn');
    expect(stateTone('crashed')).toBe('danger');
    expect(stateTone('shutoff')).toBe('off');
    expect(stateTone('nostate')).toBe('off');
    for (const s of DOMAIN_STATES) expect(['ok', 'warn', 'danger', 'off']).toContain(stateTone(s));
  });
});
