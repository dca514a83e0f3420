// What users hit when a daemon freezes or dies: a frozen daemon (SIGSTOP) is declared dead by
// keepalive in the configured time; a killed daemon (SIGKILL) rejects every pending call at once.
import { afterEach, describe, expect, it } from 'vitest';
import { startPrivateDaemon, type PrivateDaemon } from '../core/testing/private-daemon';
import { ConnectionClosedError, connect, type LibvirtClient } from './index';

let daemon: PrivateDaemon | undefined;
let client: LibvirtClient | undefined;
afterEach(async () => {
  client?.destroy('test over');
  await daemon?.dispose(); // sends SIGCONT first
  daemon = client = undefined;
});

describe('daemon failures (private libvirtd)', () => {
  it('detects a frozen daemon through keepalive within interval × (count + 1)', async () => {
    daemon = await startPrivateDaemon();
    client = await connect(daemon.uri, { keepalive: { intervalSec: 1, count: 2 } });
    expect((await client.call('CONNECT_GET_HOSTNAME', undefined)).hostname).toBeTruthy();
    const closed = new Promise<{ reason: Error | undefined; at: number }>((resolve) => client!.once('close', (reason?: Error) => resolve({ reason, at: Date.now() })));
    const stoppedAt = Date.now();
    daemon.signal('SIGSTOP');
    const { reason, at } = await closed;
    expect(reason?.message).toMatch(/keepalive/i);
    // PINGs start after 1 s of silence, dead after 2 unanswered: about 3 s; allow scheduling slack.
    expect(at - stoppedAt).toBeGreaterThanOrEqual(2000);
    expect(at - stoppedAt).toBeLessThan(6000);
  });

  it('rejects every pending call promptly when the daemon is killed mid-call', async () => {
    daemon = await startPrivateDaemon();
    client = await connect(daemon.uri);
    const { dom } = await client.call('DOMAIN_LOOKUP_BY_NAME', { name: 'test' });
    // Freeze it so calls are surely in flight, then kill it.
    daemon.signal('SIGSTOP');
    const pending = Array.from({ length: 50 }, () => client!.call('DOMAIN_GET_INFO', { dom }).then(() => 'ok', (e: unknown) => e));
    await new Promise((r) => setTimeout(r, 200));
    const killedAt = Date.now();
    daemon.signal('SIGKILL');
    const results = await Promise.all(pending);
    expect(Date.now() - killedAt).toBeLessThan(2000);
    for (const r of results) expect(r).toBeInstanceOf(ConnectionClosedError);
    expect(client.closed).toBe(true);
    await expect(client.call('CONNECT_GET_HOSTNAME', undefined)).rejects.toBeInstanceOf(ConnectionClosedError);
  });
});
