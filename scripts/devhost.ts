// Runs the real core under Node and serves the built renderer to a browser (see
// electron/devhost/devhost.ts). Hosts come from --host NAME=URI (repeatable); without any, the
// local ones that exist are added. Prints `VIRTDECK_URL=<url>` once ready.
//   npm run dev:web            # then open the printed URL in a browser
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../electron/core/core';
import { memoryHostConfig, newHostId, type SavedHost } from '../electron/core/hosts/host-config';
import { startDevHost } from '../electron/devhost/devhost';
import { suggestionPicker } from '../electron/core/files/path-grants';

const { values } = parseArgs({
  options: {
    host: { type: 'string', multiple: true },
    port: { type: 'string', default: '0' },
    renderer: { type: 'string', default: path.resolve('out/renderer') },
  },
});

function defaultHosts(): SavedHost[] {
  const hosts: SavedHost[] = [];
  if (existsSync('/run/libvirt/libvirt-sock') || existsSync('/run/libvirt/virtqemud-sock')) {
    hosts.push({ id: newHostId(), name: 'Local (system)', uri: 'qemu:///system', autoconnect: true });
  }
  return hosts;
}

const hosts: SavedHost[] = values.host?.length
  ? values.host.map((spec) => {
      const eq = spec.indexOf('=');
      if (eq <= 0) throw new Error(`--host wants NAME=URI, got ${spec}`);
      return { id: newHostId(), name: spec.slice(0, eq), uri: spec.slice(eq + 1), autoconnect: true };
    })
  : defaultHosts();

if (!existsSync(path.join(values.renderer, 'index.html'))) {
  console.error(`no renderer build in ${values.renderer}: run \`npm run build\` first`);
  process.exit(1);
}
// No OS file dialog in a plain browser: the dev host takes the UI's suggested path as the pick.
const core = await createCore({ hostConfig: memoryHostConfig(hosts), filePicker: suggestionPicker });
const devhost = await startDevHost(core, values.renderer, Number(values.port));
console.log(`VIRTDECK_URL=${devhost.url}`);

const stop = async () => {
  await devhost.close();
  await core.dispose();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
