// npx tsx bench/cpuprofile-top.ts FILE.cpuprofile [N]: the N functions with the most self time in a
// V8 CPU profile (Chromium's or Node's --cpu-prof), and the total sampled time. For bench:live --profile.
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
const [file, count = '25'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file as string, 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)?.callFrame;
  const dt = (profile.timeDeltas[i] ?? 0) / 1000;
  total += dt;
  const key = `${frame?.functionName || '(anonymous)'} ${frame?.url.split('/').slice(-2).join('/')}:${frame?.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + dt);
});
console.log(`sampled ${(total / 1000).toFixed(1)} s`);
for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(count)))
  console.log(`${ms.toFixed(0).padStart(8)} ms  ${key}`);
