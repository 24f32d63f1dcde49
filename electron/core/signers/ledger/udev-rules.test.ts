import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { findUdevRulesFile, UDEV_RULES_NAME } from './udev-rules';

const installed = mkdtempSync(join(tmpdir(), 'gk-resources-'));
afterAll(() => rmSync(installed, { recursive: true, force: true }));

it("names the installed app's rules file when Electron's resources folder has one", () => {
  mkdirSync(join(installed, 'udev'));
  writeFileSync(join(installed, 'udev', UDEV_RULES_NAME), '# rules\n');
  expect(findUdevRulesFile(installed)).toBe(join(installed, 'udev', UDEV_RULES_NAME));
});

it('falls back to the source tree (development, tests, the preview)', () => {
  expect(findUdevRulesFile(undefined)).toBe(resolve('resources/udev/20-ledger.rules'));
  expect(findUdevRulesFile(join(installed, 'missing'))).toBe(resolve('resources/udev/20-ledger.rules'));
});
