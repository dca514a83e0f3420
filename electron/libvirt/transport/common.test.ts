import { describe, expect, it } from 'vitest';
import { describeSocketError, withDeadline } from './common';
import { TransportError } from './errors';
import { dial } from './index';

describe('withDeadline', () => {
  it('times out with a TIMEOUT error and runs cleanups', async () => {
    let cleaned = false;
    const p = withDeadline('doing X', { timeoutMs: 50 }, async ({ onCleanup }) => {
      onCleanup(() => (cleaned = true));
      await new Promise((r) => setTimeout(r, 1000));
      return 1;
    });
    await expect(p).rejects.toMatchObject({ code: 'TIMEOUT', message: 'Timed out after 50ms while doing X' });
    expect(cleaned).toBe(true);
  });

  it('honours an AbortSignal (already aborted and during)', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(withDeadline('x', { signal: ac.signal }, async () => 1)).rejects.toMatchObject({ code: 'ABORTED' });
    const ac2 = new AbortController();
    let innerAborted = false;
    const p = withDeadline('connecting', { signal: ac2.signal }, async ({ signal }) => {
      await new Promise((r) => setTimeout(r, 200));
      innerAborted = signal.aborted;
      return 1;
    });
    setTimeout(() => ac2.abort(), 20);
    await expect(p).rejects.toMatchObject({ code: 'ABORTED', message: 'Cancelled while connecting' });
    await new Promise((r) => setTimeout(r, 250));
    expect(innerAborted).toBe(true);
  });

  it('does not count time spent in userWait', async () => {
    const v = await withDeadline('x', { timeoutMs: 80 }, async ({ userWait }) => {
      await userWait(new Promise((r) => setTimeout(r, 200)));
      return 7;
    });
    expect(v).toBe(7);
  });
});

describe('error messages', () => {
  it('maps socket errors to sentences', () => {
    const e = (code: string) => Object.assign(new Error(code), { code });
    expect(describeSocketError(e('ENOENT'), { kind: 'unix', path: '/run/libvirt/libvirt-sock' }).message).toBe(
      'libvirtd is not running on this host (no socket at /run/libvirt/libvirt-sock)',
    );
    expect(describeSocketError(e('EACCES'), { kind: 'unix', path: '/s' }).code).toBe('PERMISSION');
    expect(describeSocketError(e('ECONNREFUSED'), { kind: 'inet', host: 'h', port: 16509, service: 'libvirtd' }).message).toMatch(/Connection refused by h:16509/);
    expect(describeSocketError(e('ENOTFOUND'), { kind: 'inet', host: 'nohost', port: 1, service: 's' }).code).toBe('UNREACHABLE');
  });
});

describe('dial()', () => {
  it('rejects malformed URIs with INVALID_URI', async () => {
    await expect(dial('qemu+foo://h/system')).rejects.toMatchObject({ code: 'INVALID_URI' });
  });
  it('refuses ext with a clear message', async () => {
    const err = await dial('qemu+ext:///system?command=/bin/true').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('UNSUPPORTED');
    expect((err as Error).message).toBe("The 'ext' transport (qemu+ext:///system?command=/bin/true) is not supported by Virtdeck; use ssh, tls, tcp or unix instead");
  });
  it('missing unix socket -> NO_DAEMON naming the path', async () => {
    await expect(dial('qemu:///system?socket=/nonexistent/libvirt-sock')).rejects.toMatchObject({
      code: 'NO_DAEMON',
      message: 'libvirtd is not running on this host (no socket at /nonexistent/libvirt-sock)',
    });
  });
  it('tcp connection refused -> NO_DAEMON', async () => {
    await expect(dial('qemu+tcp://127.0.0.1:1/system')).rejects.toMatchObject({ code: 'NO_DAEMON' });
  });
});
