import { describe, expect, it } from 'vitest';
import { PathGrants, suggestionPicker, type FilePicker } from './path-grants';

describe('PathGrants', () => {
  it('allows exactly what was picked, for the use it was picked for', async () => {
    const grants = new PathGrants(suggestionPicker);
    expect(await grants.service.pickOpenFile({ suggestion: '/home/u/disk.img' })).toBe('/home/u/disk.img');
    expect(() => grants.require('/home/u/disk.img', 'open', 'upload')).not.toThrow();
    expect(() => grants.require('/home/u/../u/disk.img', 'open', 'upload')).not.toThrow();
    expect(() => grants.require('/home/u/disk.img', 'save', 'download')).toThrow(/choose .* with the file picker/);
    expect(() => grants.require('/etc/shadow', 'open', 'upload')).toThrow(expect.objectContaining({ code: 'PATH_NOT_PICKED' }));
  });

  it('grants files inside a picked folder for writing, but not its siblings', async () => {
    const grants = new PathGrants(suggestionPicker);
    await grants.service.pickFolder({ suggestion: '/backups' });
    expect(() => grants.require('/backups/vm1/disk.qcow2', 'save', 'backup')).not.toThrow();
    expect(() => grants.require('/backups-evil/x', 'save', 'backup')).toThrow();
    expect(() => grants.require('/backups/../etc/passwd', 'save', 'backup')).toThrow();
  });

  it('grants nothing when the user cancels, and refuses relative picks', async () => {
    const grants = new PathGrants(suggestionPicker);
    expect(await grants.service.pickSaveFile()).toBeNull();
    const bad: FilePicker = { pick: async () => 'relative/file' };
    await expect(new PathGrants(bad).service.pickOpenFile()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
