// The import check (`npm test` runs it first, `node scripts/check-imports.mjs` alone): reads every
// import in electron/, renderer/src, test/ and bench/ with the TypeScript scanner (no type-check, well
// under a second) and refuses
//   - import cycles among files of electron/ and renderer/ (type-only imports count: a type cycle is
//     still a knot the next reader has to untie),
//   - forbidden arrows between folders (ARCHITECTURE.md, "Code map", says why each exists),
//   - deep imports across concerns: outside electron/core/<concern>/ only its index.ts is its surface,
//   - product code importing test scaffolding (*.test.ts, */testing/, test/, fixtures/).
// `--stats` prints the numbers (files, lines per concern, cycles, deep imports) without failing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const ts = createRequire(import.meta.url)('typescript');
const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const roots = ['electron', 'renderer/src', 'test', 'bench'];
const exts = ['.ts', '.tsx', '.mts'];

function walk(dir, out) {
  for (const name of readdirSync(join(root, dir))) {
    const path = `${dir}/${name}`;
    if (name === 'node_modules') continue;
    if (statSync(join(root, path)).isDirectory()) walk(path, out);
    else if (exts.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const files = roots.flatMap((r) => {
  try {
    return walk(r, []);
  } catch {
    return [];
  }
});
const known = new Set(files);

function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = relative(root, resolve(root, dirname(from), spec));
  const stem = base.replace(/\.(js|mjs|ts|tsx)$/, '');
  for (const candidate of [base, ...exts.map((e) => stem + e), ...exts.map((e) => `${base}/index${e}`)]) {
    if (known.has(candidate)) return candidate;
  }
  return null;
}

/** The folder a file belongs to, as the code map names it. */
export function unitOf(file) {
  if (file.startsWith('electron/core/api/contract/')) return 'core/api/contract';
  const core = /^electron\/core\/([^/]+)\//.exec(file);
  if (core) return `core/${core[1]}`;
  if (file.startsWith('electron/core/')) return 'core (composition root)';
  const top = /^(electron\/[^/]+|renderer\/src|test\/[^/]+|bench)\//.exec(file);
  return top ? top[1] : file;
}

const isTestScaffolding = (file) =>
  /\.(test|spec)\.tsx?$/.test(file) ||
  /\/testing\//.test(file) ||
  /\/fixtures\//.test(file) ||
  file.startsWith('test/') ||
  file.startsWith('bench/') ||
  /(^|\/)test-support\.ts$/.test(file);
const isProduct = (file) => !isTestScaffolding(file);
const isCore = (file) => file.startsWith('electron/core/');
const isSurface = (file) =>
  /^electron\/core\/[^/]+\/index\.ts$/.test(file) || /^electron\/core\/api\/contract\/index\.ts$/.test(file);

// Forbidden arrows: [name, applies to (from, to, spec), why].
const rules = [
  [
    'core imports electron',
    (from, _to, spec) => isCore(from) && (spec === 'electron' || spec.startsWith('electron/')),
    'core runs in plain Node; electron/main provides the ports',
  ],
  [
    'the api contract is a leaf',
    (from, to, spec) =>
      unitOf(from) === 'core/api/contract' &&
      !isTestScaffolding(from) &&
      (to ? unitOf(to) !== 'core/api/contract' : !['zod', 'ethers'].includes(spec)),
    "the contract imports zod, ethers' address and hex checks, and its own files: both sides can load it",
  ],
  [
    'renderer reaches core only through the contract',
    (from, to) =>
      (from.startsWith('renderer/') || from.startsWith('electron/preview-client/')) &&
      to !== null &&
      to.startsWith('electron/') &&
      !to.startsWith('electron/core/api/contract/') &&
      to !== 'electron/preload/bridge.ts' &&
      // the preview's WebSocket frames: types and constants the browser bridge and the server share
      !(from.startsWith('electron/preview-client/') && to === 'electron/core/preview/wire.ts'),
    'the renderer holds no key and no Node module; it sees core through window.gridkeeper and the contract',
  ],
  [
    'chain does not import safe',
    (from, to) => unitOf(from) === 'core/chain' && to !== null && unitOf(to) === 'core/safe',
    'chain is below safe: networks, providers, artifacts',
  ],
  [
    'store imports no concern',
    (from, to) =>
      unitOf(from) === 'core/store' &&
      isProduct(from) &&
      to !== null &&
      isCore(to) &&
      !['core/store', 'core/ports', 'core/api/contract'].includes(unitOf(to)),
    'store opens and migrates SQLite; the concerns own their repositories',
  ],
  [
    'signers import no session or devnet',
    (from, to) =>
      unitOf(from) === 'core/signers' &&
      isProduct(from) &&
      to !== null &&
      ['core/devnet', 'core (composition root)'].includes(unitOf(to)),
    'signers are given a network; the composition root decides which',
  ],
  [
    'product code imports no test scaffolding',
    (from, to) => isProduct(from) && to !== null && isTestScaffolding(to),
    'tests and their support may import product code, never the other way round',
  ],
  [
    'deep import across concerns',
    (from, to) =>
      isCore(from) &&
      isProduct(from) &&
      to !== null &&
      isCore(to) &&
      unitOf(to) !== 'core (composition root)' &&
      unitOf(from) !== unitOf(to) &&
      !isSurface(to) &&
      // the contract is one surface whose files the bridges may name (types only, no side effects)
      unitOf(to) !== 'core/api/contract',
    'outside a concern, only its index.ts is its surface',
  ],
];

// Known exceptions still to be removed, one `from -> to` per line (# comments). Keep it shrinking.
const allowFile = join(root, 'scripts/check-imports.allow');
const allowlist = (() => {
  try {
    return readFileSync(allowFile, 'utf8')
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter(Boolean);
  } catch {
    return [];
  }
})();

const edges = new Map();
const lines = new Map();
for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8');
  lines.set(file, text.split('\n').length);
  const info = ts.preProcessFile(text, true, true);
  // A type import and a value import of the same module are one arrow.
  const specs = [...new Set(info.importedFiles.map((i) => i.fileName))];
  edges.set(
    file,
    specs.map((spec) => ({ spec, to: resolveImport(file, spec) })),
  );
}

// Cycles: strongly connected components (Tarjan) of the file graph of electron/ and renderer/.
function cycles() {
  const inScope = (f) => f.startsWith('electron/') || f.startsWith('renderer/');
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const sccs = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const { to } of edges.get(v)) {
      if (!to || !inScope(to)) continue;
      if (!idx.has(to)) {
        visit(to);
        low.set(v, Math.min(low.get(v), low.get(to)));
      } else if (on.has(to)) low.set(v, Math.min(low.get(v), idx.get(to)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || edges.get(v).some((e) => e.to === v)) sccs.push(scc.sort());
    }
  };
  for (const f of files) if (inScope(f) && !idx.has(f)) visit(f);
  return sccs;
}

const violations = [];
let deepAcross = 0;
let throughSurface = 0;
for (const [from, list] of edges) {
  for (const { spec, to } of list) {
    if (to && isCore(to) && isCore(from) && unitOf(from) !== unitOf(to)) {
      if (isSurface(to)) throughSurface++;
      else deepAcross++;
    }
    for (const [name, applies, why] of rules) {
      if (!applies(from, to, spec)) continue;
      const line = `${from} -> ${to ?? spec}`;
      violations.push({ name, line, why, allowed: allowlist.includes(line) });
    }
  }
}
const sccs = cycles();

if (process.argv.includes('--stats')) {
  const perUnit = new Map();
  for (const [file, n] of lines) {
    if (!file.startsWith('electron/') && !file.startsWith('renderer/')) continue;
    const u = unitOf(file);
    const kind = isProduct(file) ? 'product' : 'tests';
    const row = perUnit.get(u) ?? { product: 0, tests: 0, files: 0 };
    row[kind] += n;
    row.files++;
    perUnit.set(u, row);
  }
  console.log('unit\tfiles\tproduct lines\ttest lines');
  for (const [u, r] of [...perUnit].sort()) console.log(`${u}\t${r.files}\t${r.product}\t${r.tests}`);
  console.log(`cycles (strongly connected file sets): ${sccs.length}, files in them: ${sccs.flat().length}`);
  console.log(`imports across core concerns: ${deepAcross} deep, ${throughSurface} through index.ts`);
  const byRule = new Map();
  for (const v of violations) byRule.set(v.name, (byRule.get(v.name) ?? 0) + 1);
  for (const [n, c] of byRule) console.log(`violations: ${n}: ${c}`);
  process.exit(0);
}

const cyclesLeft = sccs.filter((scc) => !allowlist.includes(`cycle: ${scc.join(' <-> ')}`));
for (const scc of cyclesLeft) console.error(`cycle: ${scc.join(' <-> ')}`);
const refused = violations.filter((v) => !v.allowed);
const byRule = Map.groupBy(refused, (v) => v.name);
for (const [name, list] of byRule) {
  console.error(`${name} (${list[0].why}):`);
  for (const v of list) console.error(`  ${v.line}`);
}
// An exception that no longer happens is removed from the list, so the list only shrinks.
const seen = new Set([...violations.map((v) => v.line), ...sccs.map((scc) => `cycle: ${scc.join(' <-> ')}`)]);
const stale = allowlist.filter((line) => !seen.has(line));
for (const line of stale) console.error(`no longer needed in scripts/check-imports.allow: ${line}`);
const failures = cyclesLeft.length + refused.length + stale.length;
console.log(
  `import check: ${files.length} files, ${[...edges.values()].reduce((n, l) => n + l.length, 0)} imports, ` +
    `${cyclesLeft.length} cycles, ${refused.length} forbidden imports` +
    (allowlist.length ? ` (${allowlist.length} known exceptions in scripts/check-imports.allow)` : ''),
);
process.exit(failures === 0 ? 0 : 1);
