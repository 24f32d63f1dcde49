// `npm run deploy -- --network amoy|polygon --safe 0x… [--rpc URL] [--out FILE]`: deploys the market
// for an existing consortium Safe and writes the deployment record the app's network settings import.
// The deployer key comes from GRIDKEEPER_DEPLOYER_KEY, or from a JSON keystore (--keystore FILE, the
// password from GRIDKEEPER_DEPLOYER_PASSWORD or asked for). Terms: --fee-bps, --dispute-window
// (seconds), --registration-fee (POL), --payment-token (ERC-20 address; default native POL; only
// known plain ERC-20s are accepted), --dispute-bond (base units of the payment), --arbitration-period
// (seconds).
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { JsonRpcProvider, Network, parseEther, Wallet } from 'ethers';
import {
  DEFAULT_TERMS,
  deployForSafe,
  PUBLIC_NETWORKS,
  type PublicNetwork,
  writeDeploymentRecord,
} from './deploy';

const { values: args } = parseArgs({
  options: {
    network: { type: 'string' },
    safe: { type: 'string' },
    rpc: { type: 'string' },
    out: { type: 'string' },
    keystore: { type: 'string' },
    'fee-bps': { type: 'string' },
    'dispute-window': { type: 'string' },
    'registration-fee': { type: 'string' },
    'payment-token': { type: 'string' },
    'dispute-bond': { type: 'string' },
    'arbitration-period': { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const networkName = args.network as PublicNetwork | undefined;
if (!networkName || !(networkName in PUBLIC_NETWORKS)) fail('--network must be amoy or polygon');
if (!args.safe) fail('--safe 0x… (the consortium Safe) is required');
const network = PUBLIC_NETWORKS[networkName];

async function askPassword(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  const write = output._writeToOutput.bind(rl);
  let prompted = false;
  output._writeToOutput = (s) => {
    if (!prompted) write(s);
    prompted = true;
  };
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function deployerKey(): Promise<Wallet> {
  if (process.env.GRIDKEEPER_DEPLOYER_KEY) return new Wallet(process.env.GRIDKEEPER_DEPLOYER_KEY);
  if (!args.keystore) fail('Set GRIDKEEPER_DEPLOYER_KEY or pass --keystore FILE.');
  const password =
    process.env.GRIDKEEPER_DEPLOYER_PASSWORD ?? (await askPassword(`Password of ${args.keystore}: `));
  return (await Wallet.fromEncryptedJson(readFileSync(args.keystore, 'utf8'), password)) as Wallet;
}

const provider = new JsonRpcProvider(args.rpc ?? network.rpcUrl, Network.from(network.chainId), {
  staticNetwork: true,
});
try {
  const signer = (await deployerKey()).connect(provider);
  const out = args.out ?? `gridkeeper-deployment-${networkName}-${Date.now()}.json`;
  console.log(
    `Deploying the Gridkeeper market on ${network.name} for the Safe ${args.safe}, from ${signer.address}…`,
  );
  const record = await deployForSafe({
    provider,
    signer,
    safe: args.safe,
    chainId: network.chainId,
    terms: {
      ...(args['fee-bps'] ? { feeBps: Number(args['fee-bps']) } : {}),
      ...(args['dispute-window'] ? { disputeWindowSeconds: Number(args['dispute-window']) } : {}),
      ...(args['registration-fee'] ? { registrationFeeWei: parseEther(args['registration-fee']) } : {}),
      ...(args['dispute-bond'] ? { disputeBond: BigInt(args['dispute-bond']) } : {}),
      ...(args['arbitration-period'] ? { arbitrationPeriodSeconds: Number(args['arbitration-period']) } : {}),
      ...(args['payment-token']
        ? { paymentToken: args['payment-token'] }
        : { paymentToken: DEFAULT_TERMS.paymentToken }),
    },
    onSent: (what, hash) => console.log(`  ${what}: ${hash}`),
  });
  writeDeploymentRecord(out, record);
  console.log(`\nDeployed at block ${record.deploymentBlock}:`);
  console.log(
    `  ProsumerRegistry ${record.registry}\n  EnergyToken      ${record.token}\n  EnergyMarket     ${record.market}`,
  );
  console.log(`\nDeployment record: ${out} (import it in Gridkeeper's network settings).`);
  console.log('Next: authorise the meter oracle through the Safe (Set meter oracle).');
} catch (error) {
  console.error(`Deployment failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  provider.destroy();
}
