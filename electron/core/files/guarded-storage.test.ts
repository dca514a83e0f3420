// Through the real dispatcher, as the renderer would call it: local paths need a pick first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { memoryHostConfig } from '../hosts/host-config';
import { suggestionPicker } from './path-grants';

const HOST = '11111111-2222-4333-8444-555555555555';
let core: Core;
beforeAll(async () => {
  core = await createCore({ hostConfig: memoryHostConfig(), filePicker: suggestionPicker });
});
afterAll(() => core.dispose());

describe('storage transfers through the dispatcher', () => {
  it('refuses a local path the user never picked, and lets a picked one through to the host', async () => {
    const upload = [HOST, { pool: 'default', volume: 'x.img', file: '/etc/shadow' }];
    expect(await core.dispatch('storage', 'uploadVolume', upload)).toMatchObject({ ok: false, error: { code: 'PATH_NOT_PICKED' } });
    const download = [HOST, { pool: 'default', volume: 'x.img', file: '/root/.bashrc', overwrite: true }];
    expect(await core.dispatch('storage', 'downloadVolume', download)).toMatchObject({ ok: false, error: { code: 'PATH_NOT_PICKED' } });

    expect(await core.dispatch('files', 'pickOpenFile', [{ suggestion: '/etc/shadow' }])).toEqual({ ok: true, value: '/etc/shadow' });
    // Now the path is allowed; what stops it is the (unknown) host, not the path check.
    expect(await core.dispatch('storage', 'uploadVolume', upload)).toMatchObject({ ok: false, error: { code: 'NO_HOST' } });
  });

  it('backs up into and restores from picked folders only', async () => {
    const VM = 'aaaaaaaa-0000-4000-8000-000000000001';
    expect(await core.dispatch('vmLifecycle', 'backup', [HOST, VM, '/root'])).toMatchObject({ ok: false, error: { code: 'PATH_NOT_PICKED' } });
    expect(await core.dispatch('vmLifecycle', 'inspectBackup', ['/root'])).toMatchObject({ ok: false, error: { code: 'PATH_NOT_PICKED' } });
    await core.dispatch('files', 'pickFolder', [{ suggestion: '/root' }]);
    expect(await core.dispatch('vmLifecycle', 'backup', [HOST, VM, '/root'])).toMatchObject({ ok: false, error: { code: 'NO_HOST' } });
  });

  it('picks nothing without a picker (the safe default)', async () => {
    const bare = await createCore({ hostConfig: memoryHostConfig() });
    try {
      expect(await bare.dispatch('files', 'pickOpenFile', [{ suggestion: '/etc/shadow' }])).toEqual({ ok: true, value: null });
    } finally {
      await bare.dispose();
    }
  });
});
