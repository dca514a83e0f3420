// A HostManager (in-memory host list) connected to a fresh private test-driver daemon: the setup
// of integration tests that watch the core's inventory react to changes made behind its back.
import { memoryHostConfig } from '../hosts/host-config';
import { HostManager } from '../hosts/host-manager';
import { startPrivateDaemon, type PrivateDaemon } from './private-daemon';

export interface PrivateHost {
  daemon: PrivateDaemon;
  manager: HostManager;
  hostId: string;
  dispose(): Promise<void>;
}

export async function startPrivateHost(): Promise<PrivateHost> {
  const daemon = await startPrivateDaemon();
  const manager = await HostManager.load(memoryHostConfig());
  try {
    const host = await manager.hosts.add({ name: 'Private', uri: daemon.uri, autoconnect: false });
    await manager.hosts.connect(host.id);
    return {
      daemon,
      manager,
      hostId: host.id,
      dispose: async () => {
        await manager.dispose();
        await daemon.dispose();
      },
    };
  } catch (e) {
    await manager.dispose();
    await daemon.dispose();
    throw e;
  }
}
