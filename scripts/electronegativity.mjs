// Electronegativity (Doyensec's Electron security scanner) over the app's sources, as one step of
// `npm test`: fails on any high-severity finding and lists the others. A finding judged false is
// suppressed where it occurs, with `/* eng-disable CHECK_ID */` and the reason beside it.
// Runs the scanner's own runner, offline: with its bundled English texts (it would fetch
// translations first) and without AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK (which downloads Electron's
// release list; keeping Electron current is the dependency update's job, not this offline check's).
// The app's sources (electron/, renderer/, package.json) are scanned together, as one app: the
// global checks (navigation limits, permission handler, CSP) look across all of them.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..');
const scannerDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
require(require.resolve('i18n', { paths: [scannerDir] })).configure({
  locales: ['en-US'],
  defaultLocale: 'en-US',
  directory: join(scannerDir, 'dist', 'locales'),
  updateFiles: false,
  objectNotation: true,
  register: globalThis,
});
const i18nModule = join(scannerDir, 'dist', 'locales', 'i18n.js');
require.cache[i18nModule] = { id: i18nModule, filename: i18nModule, loaded: true, exports: async () => {} };
const run = require(join(scannerDir, 'dist', 'runner.js'));

const app = mkdtempSync(join(tmpdir(), 'gk-electronegativity-'));
for (const entry of ['electron', 'renderer', 'package.json'])
  symlinkSync(join(root, entry), join(app, entry));
const { issues } = await run(
  {
    input: app,
    isRelative: true,
    isVerbose: false,
    customScan: [],
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
    parserPlugins: [],
  },
  false,
).finally(() => rmSync(app, { recursive: true, force: true }));
let high = 0;
for (const issue of issues) {
  const severity = issue.severity.name;
  if (severity === 'HIGH') high++;
  console.log(`${severity.padEnd(8)} ${issue.id} ${issue.file}:${issue.location.line}  ${issue.description}`);
}
console.log(`electronegativity: ${issues.length} finding(s), ${high} of high severity`);
process.exit(high === 0 ? 0 : 1);
