import { defineConfig } from 'vitest/config';

// Two projects: `unit` never needs a daemon; `integration` talks to the real libvirtd the rig
// (scripts/rig.sh) started. Files name which they are: *.test.ts vs *.int.test.ts.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['electron/**/*.test.ts', 'preload/**/*.test.ts', 'scripts/**/*.test.ts', 'renderer/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['electron/**/*.int.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Real daemons, real guests: one file at a time keeps 2 cores from timing out.
          fileParallelism: false,
        },
      },
    ],
  },
});
