// Starts the real core + dev host (scripts/devhost.ts) in a child process, as the app's main
// process would run, and hands the test the URL with its one-time token.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface RunningDevHost {
  url: string;
  stop(): Promise<void>;
}

export async function startDevHost(hosts: Record<string, string>): Promise<RunningDevHost> {
  const args = ['--import', 'tsx', 'scripts/devhost.ts'];
  for (const [name, uri] of Object.entries(hosts)) args.push('--host', `${name}=${uri}`);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dev host did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`dev host exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^VIRTDECK_URL=(.+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
