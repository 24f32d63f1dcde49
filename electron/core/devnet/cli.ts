// `npm run devnet`: starts the training network, prints where it is and its demo keys, and keeps the
// simulated market running until Ctrl-C.
// Options: --port N, --seed full|minimal, --rate N (trades per second), --no-simulate, --data-dir DIR
// (default: GRIDKEEPER_DATA_DIR or .gridkeeper in the checkout, the folder `npm start` uses).
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { consoleLogger } from '../ports';
import { type Devnet, startDevnet } from '.';
import { DEMO_MNEMONIC } from './keys';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    seed: { type: 'string', default: 'full' },
    rate: { type: 'string', default: '2' },
    'no-simulate': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
  },
});
if (args.seed !== 'full' && args.seed !== 'minimal') throw new Error('--seed is full or minimal');
const root = resolve(import.meta.dirname, '..', '..', '..');
const dataDir = join(
  args['data-dir'] ?? process.env.GRIDKEEPER_DATA_DIR ?? join(root, '.gridkeeper'),
  'training',
);

const started = performance.now();
const devnet: Devnet = await startDevnet({
  seed: args.seed,
  simulate: args['no-simulate'] ? false : { tradesPerSecond: Number(args.rate) },
  port: args.port ? Number(args.port) : undefined,
  dataDir,
  log: consoleLogger('devnet', 'warn'),
  onProgress: (phase, done, total) => console.log(`[${done}/${total}] ${phase}…`),
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);

const line = (label: string, value: string) => console.log(`  ${label.padEnd(28)} ${value}`);
console.log(`\nGridkeeper training network is up (${seconds} s)\n`);
line('RPC URL', devnet.rpcUrl);
line('WebSocket', devnet.wsUrl);
line('Chain id', String(devnet.chainId));
line('Devnet record', devnet.recordFile ?? '(none)');
console.log('\nConsortium Safe (2 of 3)');
line('Safe', devnet.safe.address);
for (const [name, address] of Object.entries(devnet.safeContracts))
  line(name.replace(/Address$/, ''), address);
console.log('\nMarket (owned by the Safe, paid in native POL)');
line('ProsumerRegistry', devnet.market.registry);
line('EnergyToken', devnet.market.token);
line('EnergyMarket', devnet.market.market);
line('Deployment block', String(devnet.market.deploymentBlock));
if (devnet.seeded) {
  const t = devnet.seeded.trades;
  console.log(
    `\nSeeded: ${devnet.seeded.prosumers} prosumers, ${devnet.seeded.applications} applications waiting, ${devnet.seeded.offersListed} offers, trades open ${t.open} / disputed ${t.disputed} / confirmed ${t.confirmed} / settled after the window ${t.settledAfterWindow} / resolved ${t.resolved} (${devnet.seeded.transactions} transactions in ${(devnet.seeded.durationMs / 1000).toFixed(1)} s)`,
  );
}
console.log('\nDEMO KEYS: public, for this training network only. Never send anything of value to them.');
for (const account of [...devnet.owners, devnet.oracle, devnet.deployer]) {
  line(account.label, `${account.address}  ${account.privateKey}`);
}
console.log(`  Prosumer keys: mnemonic "${DEMO_MNEMONIC}", m/44'/60'/0'/0/5 onwards`);
console.log(devnet.simulator ? '\nSimulating the market. Ctrl-C stops.\n' : '\nCtrl-C stops.\n');

const status = devnet.simulator
  ? setInterval(() => {
      const s = devnet.simulator?.stats;
      if (s) {
        console.log(
          `trades ${s.tradesOpened}, confirmed ${s.confirmed}, settled ${s.settled}, offers ${s.offersListed}, readings ${s.readings}, disputes ${s.disputes}, applications ${s.applications}, failed ${s.failed}`,
        );
      }
    }, 30_000)
  : null;

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    if (status) clearInterval(status);
    console.log('\nStopping the training network…');
    void devnet.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
