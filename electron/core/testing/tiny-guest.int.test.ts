// Proves the QEMU test rig itself: a tiny guest defines, boots under TCG and is cleaned up.
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTestGuests, QEMU_URI, tinyGuestXml } from './tiny-guest';
import { writeFileSync } from 'node:fs';

const virsh = (...a: string[]) => execFileSync('virsh', ['-c', QEMU_URI, ...a], { encoding: 'utf8' }).trim();

afterAll(() => cleanupTestGuests());

describe('tiny guest rig', () => {
  it('boots a TCG guest with SPICE on 127.0.0.1', () => {
    writeFileSync('/tmp/vdtest-rig.xml', tinyGuestXml({ name: 'vdtest-rig' }));
    virsh('define', '/tmp/vdtest-rig.xml');
    virsh('start', 'vdtest-rig');
    expect(virsh('domstate', 'vdtest-rig')).toBe('running');
    expect(virsh('domdisplay', 'vdtest-rig')).toMatch(/^spice:\/\/127\.0\.0\.1:\d+/);
    cleanupTestGuests();
    expect(virsh('list', '--all', '--name').split('\n')).not.toContain('vdtest-rig');
  });
});
