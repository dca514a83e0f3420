#!/usr/bin/env node
// The one test command (npm test): lint, types, build, unit + integration tests (Vitest, against
// the real libvirtd the rig started), and e2e (Playwright: renderer in Chromium, Electron where a
// binary exists). Every suite runs even when an earlier one failed; the last line sums them all:
//   N passed, N failed, N skipped
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const REPORTS = 'test-results/reports';
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(cmd, args, env = {}) {
  console.log(`\n=== ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

/** A step that is one check: it passes or fails as a whole. */
function check(name, cmd, args) {
  const ok = run(cmd, args);
  totals[ok ? 'passed' : 'failed']++;
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function suite(name, counts, exitOk) {
  if (!counts) {
    totals.failed++;
    lines.push(`FAIL ${name}: produced no report`);
    return;
  }
  // A runner that failed without any failed test (crash, load error) still counts as a failure.
  const failed = counts.failed + (exitOk || counts.failed > 0 ? 0 : 1);
  totals.passed += counts.passed;
  totals.failed += failed;
  totals.skipped += counts.skipped;
  lines.push(`${failed ? 'FAIL' : 'ok  '} ${name}: ${counts.passed} passed, ${failed} failed, ${counts.skipped} skipped`);
}

check('eslint', 'npx', ['eslint', '--max-warnings', '0', '.']);
check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
const built = check('build', 'npx', ['electron-vite', 'build']);

for (const project of ['unit', 'integration']) {
  const out = `${REPORTS}/vitest-${project}.json`;
  // The client logs every procedure it calls: that is what the coverage table reports.
  const ok = run('npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], {
    VIRTDECK_PROC_LOG: `${REPORTS}/procs-${project}`,
  });
  const r = readJson(out);
  suite(
    `vitest ${project}`,
    r && { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests },
    ok,
  );
}

run('node', ['--import', 'tsx', 'scripts/gen-coverage.ts', '--unit', `${REPORTS}/procs-unit`, '--integration', `${REPORTS}/procs-integration`]);

if (built) {
  const out = `${REPORTS}/playwright.json`;
  const ok = run('npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  const r = readJson(out);
  suite(
    'playwright e2e',
    r && { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped },
    ok,
  );
} else {
  totals.failed++;
  lines.push('FAIL playwright e2e: not run, the build failed');
}

console.log('\n=== summary');
for (const l of lines) console.log(l);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed ? 1 : 0);
