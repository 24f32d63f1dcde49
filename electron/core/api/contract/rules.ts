import { channel } from './define';
import type { ReviewAmount } from './review';
import { zEmpty } from './schemas';

/** Which market rule a change touched (one name per contract setter). */
export type MarketRule =
  | 'marketFee'
  | 'disputeWindow'
  | 'registrationFee'
  | 'pause'
  | 'meterOracle'
  | 'registrationFeesWithdrawn'
  | 'disputeBond'
  | 'arbitrationPeriod'
  | 'ownership';

/** One market contract's owner now, and the owner it nominated if a two-step handover is open. */
export interface ContractOwnershipView {
  contract: 'registry' | 'token' | 'market';
  /** "Energy market", "Prosumer registry", "Energy token". */
  label: string;
  address: string;
  owner: string;
  /** Ownable2Step's `pendingOwner()`: null when no handover is open. */
  pendingOwner: string | null;
  /**
   * Whether the transaction guard the Safe runs with lets the Safe call this contract (the
   * ConsortiumGuard's `isAllowedTarget`); null when the Safe runs without a guard, or its guard keeps
   * no allowlist. Accepting a handover needs it true first: the guard checks a batch before it runs,
   * so allowlisting and calling are two Safe transactions.
   */
  guardAllows: boolean | null;
}

/** One change of a rule as the chain recorded it, with the Safe transaction that made it. */
export interface RuleChangeView {
  rule: MarketRule;
  /**
   * "Market fee 1 % → 1.5 %", "Dispute window 10 min → 1 h", "Paused", "Meter oracle 0x… authorised";
   * a value the contract's constructor set reads "Dispute window set at deployment: 10 min".
   */
  description: string;
  /** The exact values when the description rounds them ("600 s → 3600 s"), shown on hover; else null. */
  exact: string | null;
  at: number;
  blockNumber: number;
  txHash: string;
  /** The Safe transaction that executed it (null when it did not come through the Safe). */
  safeTxHash: string | null;
  safeNonce: string | null;
  /** The account that sent the execution. */
  executedBy: string | null;
  /** The owners whose signatures (or on-chain approvals) the execution carried. */
  signedBy: string[];
}

/** The market's rules read from the chain now, and how they changed (from the indexed events). */
export interface MarketRulesView {
  /** The block the current values were read at, and its time. */
  blockNumber: number;
  readAt: number;
  market: string;
  registry: string;
  token: string;
  safe: string;
  /** The transaction guard the Safe runs with (its guard slot at the same block), or null. */
  guard: string | null;
  paymentToken: string;
  feeBps: number;
  maxFeeBps: number;
  disputeWindowSeconds: string;
  minDisputeWindowSeconds: string;
  maxDisputeWindowSeconds: string;
  registrationFeeWei: string;
  /** Bond a party posts to open a dispute from now on, in the payment asset (capped at the trade's payment). */
  disputeBond: ReviewAmount;
  /** How long the owners have to resolve a dispute opened from now on, before its default outcome. */
  arbitrationPeriodSeconds: string;
  minArbitrationPeriodSeconds: string;
  maxArbitrationPeriodSeconds: string;
  /** Registry, token and market, in that order. */
  ownership: ContractOwnershipView[];
  paused: boolean;
  /** Every address ever named in MeterOracleSet, with whether the token authorises it now. */
  meterOracles: { address: string; authorised: boolean; changedAt: number | null }[];
  collected: {
    /** Market fees credited to the Safe, waiting for its withdraw() (payment token base units). */
    marketFeesWei: string;
    /** Registration fees held by the registry (native POL), withdrawable by the Safe. */
    registrationFeesWei: string;
  };
  /** Newest first. */
  history: RuleChangeView[];
}

export const rulesChannels = {
  'market/rules': channel<MarketRulesView>()(zEmpty),
};
