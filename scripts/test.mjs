// `npm test`: every check and every test suite, in the order a failure is cheapest to find.
// Prints one closing line "N passed, N failed" over the steps.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const hasE2e = existsSync('test/e2e') && readdirSync('test/e2e').some((f) => f.endsWith('.spec.ts'));
const steps = [
  ['lint', 'npx', ['biome', 'ci', '.']],
  ['imports', 'node', ['scripts/check-imports.mjs']],
  ['typecheck', 'npm', ['run', 'typecheck']],
  ['electronegativity', 'node', ['scripts/electronegativity.mjs']],
  ['build', 'npx', ['electron-vite', 'build']],
  ['contracts', 'npx', ['hardhat', 'test']],
  ['unit+integration', 'npx', ['vitest', 'run']],
  ...(hasE2e ? [['browser e2e', 'npx', ['playwright', 'test']]] : []),
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const [name, cmd, args] of steps) {
  if (only.length && !only.includes(name)) continue;
  const t0 = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const { status } = spawnSync(cmd, args, { stdio: 'inherit' });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (status === 0) {
    passed++;
    console.log(`=== ${name}: ok (${seconds} s)`);
  } else {
    failed++;
    console.log(`=== ${name}: FAILED with exit code ${status} (${seconds} s)`);
  }
}
console.log(`\nsteps: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
