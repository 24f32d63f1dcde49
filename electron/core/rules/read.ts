import type { Database } from 'better-sqlite3';
import {
  AbiCoder,
  Contract,
  formatEther,
  formatUnits,
  getAddress,
  getBytes,
  hashMessage,
  Interface,
  type JsonRpcProvider,
  recoverAddress,
  Signature,
  ZeroAddress,
} from 'ethers';
import { formatDuration } from '../api/contract/duration';
import type { ReviewAmount } from '../api/contract/review';
import type {
  ContractOwnershipView,
  MarketRule,
  MarketRulesView,
  RuleChangeView,
} from '../api/contract/rules';
import { readSafeGuard } from '../chain';
import { eventTextRow, textRow } from '../indexer';
import { marketInterface, registryInterface, tokenInterface } from '../safe';

export interface RulesDeployment {
  safe: string;
  market: string;
  registry: string;
  token: string;
}

const CONTRACT_LABELS: Record<ContractOwnershipView['contract'], string> = {
  registry: 'Prosumer registry',
  token: 'Energy token',
  market: 'Energy market',
};

/** What the ERC-20 payment token says of itself (nothing is assumed when it does not answer). */
const erc20Metadata = new Interface([
  'function decimals() view returns (uint8)',
  'function symbol() view returns (string)',
]);

/** The ConsortiumGuard's allowlist (a guard without it answers nothing: unknown). */
const guardAllowlist = new Interface(['function isAllowedTarget(address target) view returns (bool)']);

/** The payment asset's units: POL and wei when native, else the token's own decimals and symbol. */
type PaymentUnits = Omit<ReviewAmount, 'base'>;

/**
 * The market's rules as the chain has them now (one block, read through the RPC, not the store),
 * and their history from the indexed events, each joined to the Safe execution in the same
 * transaction: nonce, executing account and the owners whose signatures it carried.
 */
export async function readMarketRules(
  db: Database,
  provider: JsonRpcProvider,
  deployment: RulesDeployment,
): Promise<MarketRulesView> {
  const block = await provider.getBlock('latest');
  if (!block) throw new Error('the chain returned no latest block');
  const blockTag = block.number;
  const market = new Contract(deployment.market, marketInterface, provider);
  const registry = new Contract(deployment.registry, registryInterface, provider);
  const token = new Contract(deployment.token, tokenInterface, provider);
  const read = (contract: Contract, name: string, ...args: unknown[]) =>
    contract.getFunction(name).staticCall(...args, { blockTag });
  const oracleAddresses = [
    ...new Set(
      (db.prepare('SELECT oracle FROM meter_oracle_set').all() as { oracle: Buffer }[]).map((r) =>
        getAddress(textRow(r).oracle as unknown as string),
      ),
    ),
  ];
  const [
    feeBps,
    maxFeeBps,
    window,
    minWindow,
    maxWindow,
    registrationFee,
    paused,
    paymentToken,
    fees,
    bond,
    arbitration,
    minArbitration,
    maxArbitration,
  ] = await Promise.all([
    read(market, 'marketFeeBps'),
    read(market, 'MAX_FEE_BPS'),
    read(market, 'disputeWindowSeconds'),
    read(market, 'MIN_DISPUTE_WINDOW'),
    read(market, 'MAX_DISPUTE_WINDOW'),
    read(registry, 'registrationFeeWei'),
    read(market, 'paused'),
    read(market, 'paymentToken'),
    read(market, 'withdrawable', deployment.safe),
    read(market, 'disputeBond'),
    read(market, 'arbitrationPeriodSeconds'),
    read(market, 'MIN_ARBITRATION_PERIOD'),
    read(market, 'MAX_ARBITRATION_PERIOD'),
  ]);
  const guard = await readSafeGuard(
    { getStorage: (address, slot) => provider.getStorage(address, slot, blockTag) },
    deployment.safe,
  );
  const guardContract = guard ? new Contract(guard, guardAllowlist, provider) : null;
  const [units, ownership] = await Promise.all([
    paymentUnits(provider, String(paymentToken), blockTag),
    Promise.all(
      (['registry', 'token', 'market'] as const).map(async (name): Promise<ContractOwnershipView> => {
        const contract = { registry, token, market }[name];
        const [owner, pending, allows] = await Promise.all([
          read(contract, 'owner'),
          read(contract, 'pendingOwner'),
          guardContract
            ? read(guardContract, 'isAllowedTarget', deployment[name]).catch(() => null)
            : Promise.resolve(null),
        ]);
        return {
          contract: name,
          label: CONTRACT_LABELS[name],
          address: getAddress(deployment[name]),
          owner: getAddress(owner),
          pendingOwner: pending === ZeroAddress ? null : getAddress(pending),
          guardAllows: allows === null ? null : Boolean(allows),
        };
      }),
    ),
  ]);
  const history = ruleHistory(db, { deployment, units });
  const registryBalance = await provider.getBalance(deployment.registry, blockTag);
  const oracles = await Promise.all(
    oracleAddresses.map(async (address) => ({
      address,
      authorised: Boolean(await read(token, 'isMeterOracle', address)),
      changedAt: history.find((h) => h.rule === 'meterOracle' && h.description.includes(address))?.at ?? null,
    })),
  );
  return {
    blockNumber: block.number,
    readAt: block.timestamp,
    market: getAddress(deployment.market),
    registry: getAddress(deployment.registry),
    token: getAddress(deployment.token),
    safe: getAddress(deployment.safe),
    guard,
    paymentToken: getAddress(paymentToken),
    feeBps: Number(feeBps),
    maxFeeBps: Number(maxFeeBps),
    disputeWindowSeconds: window.toString(),
    minDisputeWindowSeconds: minWindow.toString(),
    maxDisputeWindowSeconds: maxWindow.toString(),
    registrationFeeWei: registrationFee.toString(),
    disputeBond: { base: bond.toString(), ...units },
    arbitrationPeriodSeconds: arbitration.toString(),
    minArbitrationPeriodSeconds: minArbitration.toString(),
    maxArbitrationPeriodSeconds: maxArbitration.toString(),
    ownership,
    paused: Boolean(paused),
    meterOracles: oracles,
    collected: { marketFeesWei: fees.toString(), registrationFeesWei: registryBalance.toString() },
    history,
  };
}

/**
 * POL and wei when the market is paid in native POL; else the ERC-20's decimals and symbol, read at
 * the same block. A token that does not answer `decimals()` is shown in its base units only.
 */
async function paymentUnits(
  provider: JsonRpcProvider,
  token: string,
  blockTag: number,
): Promise<PaymentUnits> {
  if (token === ZeroAddress) return { decimals: 18, unit: 'POL', baseUnit: 'wei' };
  const erc20 = new Contract(token, erc20Metadata, provider);
  const baseUnit = `base units of ${getAddress(token)}`;
  const [decimals, symbol] = await Promise.all([
    erc20
      .getFunction('decimals')
      .staticCall({ blockTag })
      .catch(() => null),
    erc20
      .getFunction('symbol')
      .staticCall({ blockTag })
      .catch(() => null),
  ]);
  if (decimals === null) return { decimals: 0, unit: baseUnit, baseUnit };
  return { decimals: Number(decimals), unit: symbol ? String(symbol) : getAddress(token), baseUnit };
}

const percent = (bps: string) => `${Number(bps) / 100} %`;
/** Exact POL (every wei kept): "1 POL", "0.000000000000000001 POL". */
const pol = (wei: string) => `${formatEther(wei).replace(/\.0$/, '')} POL`;

/** What a history line needs beyond its row: the payment asset's units, the contracts' names. */
interface HistoryContext {
  deployment: RulesDeployment;
  units: PaymentUnits;
}

/**
 * "3600 → 7200", or only "3600" for an event of the transaction that deployed the contract: its
 * constructor sets the first value, and the old value it logs is the zero before any setting.
 */
const fromTo = (old: string, now: string, deployed: boolean) => (deployed ? now : `${old} → ${now}`);
/** "Dispute window 10 min → 1 h", "Dispute window set at deployment: 10 min". */
const changed = (what: string, old: string, now: string, deployed: boolean) =>
  `${what}${deployed ? ' set at deployment:' : ''} ${fromTo(old, now, deployed)}`;
/** A duration for people ("1 h"); the exact seconds are in the line's `exact`. */
const duration = (seconds: string) => formatDuration(Number(seconds));
/** The exact seconds of a duration change, for the line's `exact`. */
const exactSeconds = (r: Record<string, string>, deployed: boolean) =>
  fromTo(`${r.old_seconds} s`, `${r.new_seconds} s`, deployed);

/** Exact, in the payment asset: "0.1 POL", or base units when its decimals are unknown. */
const payment = (base: string, units: PaymentUnits) =>
  `${formatUnits(base, units.decimals).replace(/\.0$/, '')} ${units.unit}`;

/** "Energy market" for one of the deployment's contracts (every ownership event comes from one), else its address. */
function contractNamed(address: string, deployment: RulesDeployment): string {
  const name = (['registry', 'token', 'market'] as const).find(
    (c) => deployment[c].toLowerCase() === address.toLowerCase(),
  );
  return name ? CONTRACT_LABELS[name] : `Contract ${getAddress(address)}`;
}

/** Each rule event table, and how one of its rows reads. */
const RULE_EVENTS: Array<{
  table: string;
  rule: MarketRule;
  /** `deployed`: the event is one of the contract's constructor (see `fromTo`). */
  describe(row: Record<string, string>, context: HistoryContext, deployed: boolean): string;
  /** The exact values, when `describe` rounds them for people (the UI shows them on hover). */
  exact?(row: Record<string, string>, deployed: boolean): string;
}> = [
  {
    table: 'market_fee_changed',
    rule: 'marketFee',
    describe: (r, _, d) =>
      changed('Market fee', percent(r.old_fee_bps as string), percent(r.new_fee_bps as string), d),
  },
  {
    table: 'dispute_window_changed',
    rule: 'disputeWindow',
    describe: (r, _, d) =>
      changed('Dispute window', duration(r.old_seconds as string), duration(r.new_seconds as string), d),
    exact: exactSeconds,
  },
  {
    table: 'registration_fee_changed',
    rule: 'registrationFee',
    describe: (r, _, d) =>
      changed('Registration fee', pol(r.old_fee_wei as string), pol(r.new_fee_wei as string), d),
  },
  { table: 'paused', rule: 'pause', describe: () => 'Market paused' },
  { table: 'unpaused', rule: 'pause', describe: () => 'Market unpaused' },
  {
    table: 'meter_oracle_set',
    rule: 'meterOracle',
    describe: (r) =>
      `Meter oracle ${getAddress(r.oracle as string)} ${r.authorised === '1' || r.authorised === 'true' ? 'authorised' : 'removed'}`,
  },
  {
    table: 'dispute_bond_changed',
    rule: 'disputeBond',
    describe: (r, { units }, d) =>
      changed('Dispute bond', payment(r.old_bond as string, units), payment(r.new_bond as string, units), d),
  },
  {
    table: 'arbitration_period_changed',
    rule: 'arbitrationPeriod',
    describe: (r, _, d) =>
      changed('Arbitration period', duration(r.old_seconds as string), duration(r.new_seconds as string), d),
    exact: exactSeconds,
  },
  {
    table: 'ownership_transfer_started',
    rule: 'ownership',
    describe: (r, { deployment }) =>
      `${contractNamed(r.address as string, deployment)}: ${getAddress(r.new_owner as string)} nominated as the next owner`,
  },
  {
    table: 'ownership_transferred',
    rule: 'ownership',
    describe: (r, { deployment }) =>
      r.previous_owner === ZeroAddress
        ? `${contractNamed(r.address as string, deployment)}: deployed, owned by ${getAddress(r.new_owner as string)}`
        : `${contractNamed(r.address as string, deployment)}: ownership passed from ${getAddress(r.previous_owner as string)} to ${getAddress(r.new_owner as string)}`,
  },
  {
    table: 'registration_fees_withdrawn',
    rule: 'registrationFeesWithdrawn',
    describe: (r) =>
      `Registration fees withdrawn: ${r.amount_wei} wei to ${getAddress(r.to_address as string)}`,
  },
];

interface ExecutionRow {
  tx_hash_safe: string;
  signatures: string;
  additional_info: string;
}

/** Every rule change the store holds, newest first, with its Safe execution. */
export function ruleHistory(db: Database, context: HistoryContext): RuleChangeView[] {
  const execution = db.prepare(
    `SELECT s.tx_hash_safe, m.signatures, m.additional_info
       FROM execution_success s JOIN safe_multi_sig_transaction m ON m.block_number = s.block_number AND m.tx_hash = s.tx_hash
      WHERE s.block_number = ? AND s.tx_hash = ? LIMIT 1`,
  );
  /** A table's rows as text (hex, decimal), as the descriptions read them, with the stored tx hash to join on. */
  const events = (table: string) =>
    (
      db
        .prepare(`SELECT e.*, c.address FROM ${table} e JOIN contracts c ON c.id = e.contract`)
        .all() as Record<string, unknown>[]
    ).map((stored) => ({
      storedTxHash: stored.tx_hash,
      row: eventTextRow({ ...stored }) as Record<string, string> & {
        block_number: number;
        log_index: number;
        timestamp: number;
        tx_hash: string;
        address: string;
      },
    }));
  // The transactions that deployed a contract: its constructor's OwnershipTransferred from nobody.
  const deployedIn = new Set(
    events('ownership_transferred')
      .filter(({ row }) => row.previous_owner === ZeroAddress)
      .map(({ row }) => `${row.address.toLowerCase()}:${row.tx_hash.toLowerCase()}`),
  );
  const changes: Array<{ change: RuleChangeView; logIndex: number }> = [];
  for (const spec of RULE_EVENTS) {
    // `address`: the emitting contract's (event rows name it by id).
    for (const { storedTxHash, row } of events(spec.table)) {
      const exec = textRow(execution.get(row.block_number, storedTxHash) as ExecutionRow | undefined);
      const deployed = deployedIn.has(`${row.address.toLowerCase()}:${row.tx_hash.toLowerCase()}`);
      const info = exec ? executionInfo(exec) : null;
      changes.push({
        logIndex: row.log_index,
        change: {
          rule: spec.rule,
          description: spec.describe(row, context, deployed),
          exact: spec.exact?.(row, deployed) ?? null,
          at: row.timestamp,
          blockNumber: row.block_number,
          txHash: row.tx_hash,
          safeTxHash: exec?.tx_hash_safe ?? null,
          safeNonce: info?.nonce ?? null,
          executedBy: info?.executor ?? null,
          signedBy: info?.signers ?? [],
        },
      });
    }
  }
  return changes
    .sort((a, b) => b.change.blockNumber - a.change.blockNumber || b.logIndex - a.logIndex)
    .map((c) => c.change);
}

/** The nonce and executor SafeL2 logs in `additionalInfo`, and the owners behind the packed signatures. */
function executionInfo(row: ExecutionRow): { nonce: string; executor: string; signers: string[] } {
  const [nonce, executor] = AbiCoder.defaultAbiCoder().decode(
    ['uint256', 'address', 'uint256'],
    row.additional_info,
  ) as unknown as [bigint, string];
  return {
    nonce: nonce.toString(),
    executor: getAddress(executor),
    signers: signersOf(row.tx_hash_safe, row.signatures),
  };
}

/**
 * The owner of each 65-byte Safe signature: v 0 (contract) and 1 (approved hash) carry the owner in
 * r; v > 30 is eth_sign over the hash; otherwise ECDSA over the hash itself.
 */
export function signersOf(safeTxHash: string, signatures: string): string[] {
  const bytes = getBytes(signatures);
  const owners: string[] = [];
  for (let i = 0; i + 65 <= bytes.length; i += 65) {
    const r = bytes.slice(i, i + 32);
    const s = bytes.slice(i + 32, i + 64);
    const v = bytes[i + 64] as number;
    if (v === 0 || v === 1) {
      owners.push(getAddress(`0x${Buffer.from(r.slice(12)).toString('hex')}`));
      continue;
    }
    const digest = v > 30 ? hashMessage(getBytes(safeTxHash)) : safeTxHash;
    const signature = Signature.from({
      r: `0x${Buffer.from(r).toString('hex')}`,
      s: `0x${Buffer.from(s).toString('hex')}`,
      v: v > 30 ? v - 4 : v,
    });
    owners.push(recoverAddress(digest, signature));
  }
  return owners;
}
