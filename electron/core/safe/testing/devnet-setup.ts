import {
  Contract,
  getAddress,
  hexlify,
  id,
  type JsonRpcProvider,
  NonceManager,
  randomBytes,
  Wallet,
} from 'ethers';
import { type Devnet, startDevnet } from '../../devnet';
import { DemoKeySigner } from '../../signers/demo-key';
import { marketInterface, registryInterface } from '../abis';
import type { SafeSetup } from '../types';

/** The training network's Safe, as the flow sees it. */
export function devnetSetup(devnet: Devnet): SafeSetup {
  return {
    safe: { chainId: BigInt(devnet.chainId), address: getAddress(devnet.safe.address), version: '1.4.1' },
    contracts: { ...devnet.safeContracts },
    market: { registry: devnet.market.registry, token: devnet.market.token, market: devnet.market.market },
    fromBlock: devnet.market.deploymentBlock,
  };
}

/** The demo owners as signers (the signer adds its own "demo key" note to the label). */
export function devnetOwners(devnet: Devnet): DemoKeySigner[] {
  return devnet.owners.map(
    (o) => new DemoKeySigner({ label: o.label.replace(/ \(demo key\)$/, ''), privateKey: o.privateKey }),
  );
}

/** `count` new accounts, funded and with a pending application each (fee paid, meter and KYC hash). */
export async function applyMany(devnet: Devnet, provider: JsonRpcProvider, count: number): Promise<string[]> {
  const funder = new NonceManager(new Wallet(devnet.deployer.privateKey, provider));
  const registry = new Contract(devnet.market.registry, registryInterface, provider);
  const feeWei = (await registry.getFunction('registrationFeeWei')()) as bigint;
  const applicants = Array.from({ length: count }, () => Wallet.createRandom().connect(provider));
  const funding = await Promise.all(
    applicants.map((a) => funder.sendTransaction({ to: a.address, value: feeWei + 10n ** 17n })),
  );
  await Promise.all(funding.map((t) => t.wait()));
  const applications = await Promise.all(
    applicants.map((a) =>
      (registry.connect(a) as Contract).getFunction('applyForAdmission')(
        hexlify(randomBytes(32)),
        id(`kyc:${a.address}`),
        {
          value: feeWei,
        },
      ),
    ),
  );
  await Promise.all(applications.map((t: { wait: () => Promise<unknown> }) => t.wait()));
  return applicants.map((a) => a.address);
}

/** The admit decision for `prosumer`'s current application, as the owners reviewed it on chain. */
export async function admitIntent(
  devnet: Devnet,
  provider: JsonRpcProvider,
  prosumer: string,
): Promise<{ kind: 'admit'; prosumer: string; applicationHash: string }> {
  const registry = new Contract(devnet.market.registry, registryInterface, provider);
  const applicationHash = (await registry.getFunction('applicationHashOf')(prosumer)) as string;
  return { kind: 'admit', prosumer, applicationHash };
}

/** A training network without market activity, with the Safe setup the flow uses: for Safe-only tests. */
export async function startSafeDevnet(): Promise<Devnet & { setup: SafeSetup }> {
  const devnet = await startDevnet({ seed: 'minimal' });
  return Object.assign(devnet, { setup: devnetSetup(devnet) });
}

/** Disputes opened on the training network and not resolved yet. */
export async function openDisputes(devnet: Devnet): Promise<bigint[]> {
  const market = new Contract(devnet.market.market, marketInterface, devnet.provider);
  const from = devnet.market.deploymentBlock;
  const opened = await market.queryFilter(market.filters.DisputeOpened!(), from);
  const resolved = new Set(
    (await market.queryFilter(market.filters.DisputeResolved!(), from)).map((e) =>
      String((e as unknown as { args: unknown[] }).args[0]),
    ),
  );
  return opened
    .map((e) => (e as unknown as { args: [bigint] }).args[0])
    .filter((t) => !resolved.has(String(t)));
}

/** Open disputes the Safe may still decide: their arbitration deadline is over a minute away on the chain's clock. */
export async function decidableDisputes(devnet: Devnet): Promise<bigint[]> {
  const market = new Contract(devnet.market.market, marketInterface, devnet.provider);
  const now = Number((await devnet.provider.getBlock('latest'))?.timestamp);
  const open = await openDisputes(devnet);
  const deadlines = await Promise.all(
    open.map(async (t) =>
      Number(
        ((await market.getFunction('disputeOf')(t)) as { arbitrationDeadline: bigint }).arbitrationDeadline,
      ),
    ),
  );
  return open.filter((_, i) => (deadlines[i] as number) > now + 60);
}
