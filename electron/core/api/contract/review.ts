import { z } from 'zod';
import { channel } from './define';
import { zBytes32, zEmpty } from './schemas';

/**
 * The review an owner reads before every signature, on-chain approval and execution: everything the
 * Safe transaction does, in full, from core (nothing shortened, nothing left to the renderer to guess).
 */

/** What the app knows an address as. */
export type AddressRole =
  | 'safe'
  | 'safe-contract'
  | 'market-contract'
  | 'token'
  | 'owner'
  | 'prosumer'
  | 'executor'
  | 'zero'
  /** Named only by this owner's address book (never the consortium's own addresses). */
  | 'address-book'
  | 'unknown';

export interface NamedAddress {
  /** Checksummed, in full. */
  address: string;
  role: AddressRole;
  /** "Safe", "Energy market", "Owner 2 (Demo owner 2)", "Prosumer (admitted)"; null when unknown. */
  name: string | null;
}

/** An amount in its token's units with the exact base-unit value (wei, Wh) beside it. */
export interface ReviewAmount {
  /** Exact, in base units (decimal string). */
  base: string;
  decimals: number;
  /** "POL", "kWh"… */
  unit: string;
  /** What one base unit is called ("wei", "Wh"). */
  baseUnit: string;
}

export type ReviewValue =
  | { kind: 'address'; address: NamedAddress }
  | { kind: 'amount'; amount: ReviewAmount }
  | { kind: 'bps'; bps: number }
  | { kind: 'seconds'; seconds: string }
  | { kind: 'text'; text: string }
  | { kind: 'hex'; hex: string };

export interface ReviewField {
  /** Parameter or field name, as in the ABI or the SafeTx type ("prosumer", "safeTxGas"). */
  name: string;
  value: ReviewValue;
}

export interface ReviewCall {
  /** 1-based position in a batch; 0 for the Safe transaction itself. */
  index: number;
  to: NamedAddress;
  operation: 0 | 1;
  value: ReviewAmount;
  /** Function name from the project's ABIs, or null with the raw selector. */
  functionName: string | null;
  selector: string;
  /** One line ("Admit prosumer 0x…"), or why it could not be decoded. */
  description: string;
  decoded: boolean;
  args: ReviewField[];
  data: string;
}

export interface ReviewEvent {
  contract: NamedAddress;
  name: string | null;
  args: ReviewField[];
}

/** The latest simulation, with how old it is in chain time. */
export interface ReviewSimulation {
  status: 'success' | 'reverted' | 'offline' | 'none';
  blockNumber: number | null;
  /** Chain head when the review was made. */
  headBlock: number | null;
  blocksBehind: number | null;
  /** Head block timestamp minus the simulated block's, in seconds (chain time). */
  ageSeconds: number | null;
  simulatedAt: string | null;
  gasUsed: string | null;
  revertReason: string | null;
  /** Why this result may no longer hold (a refresh failed); null when fresh. */
  stale: string | null;
  note: string | null;
  events: ReviewEvent[];
}

/** Who pays for an execution and roughly how much. */
export interface ReviewExecution {
  executor: NamedAddress;
  balance: ReviewAmount;
  gasLimit: string | null;
  maxFeePerGas: ReviewAmount | null;
  /** gasLimit × maxFeePerGas: the most the execution can cost. */
  fee: ReviewAmount | null;
  /** Why the fee could not be estimated (the execution would revert…). */
  estimateError: string | null;
  enoughBalance: boolean | null;
}

/** The consortium policy's verdict (from the policy evaluator; plain data). */
export interface ReviewPolicyVerdict {
  policy: string;
  allowed: boolean;
  violations: {
    rule: string;
    title: string;
    message: string;
    call: number;
    values: Record<string, string>;
  }[];
  unchecked: { rule: string; reason: string }[];
}

export type ConflictSubject = 'prosumer' | 'trade' | 'parameter' | 'nonce';

/** Another open proposal acting on the same thing. */
export interface QueueConflict {
  subject: ConflictSubject;
  /** What both act on, in words ("prosumer 0x…", "trade 12", "the market fee", "nonce 7"). */
  label: string;
  /** Stable key of the subject ("prosumer:0x…", "trade:12", "parameter:market-fee", "nonce:7"). */
  key: string;
  other: { safeTxHash: string; nonce: string; title: string };
}

/** One pending decision on a subject, for the pages where owners act (Admissions, Disputes). */
export interface PendingDecision {
  subject: ConflictSubject;
  key: string;
  safeTxHash: string;
  nonce: string;
  title: string;
}

export const REVIEW_ACTIONS = ['sign', 'approve-on-chain', 'execute'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export interface ReviewView {
  action: ReviewAction;
  safeTxHash: string;
  title: string;
  chainId: string;
  safe: NamedAddress;
  safeVersion: string;
  /** All ten SafeTx fields, in the EIP-712 order, each named and typed. */
  tx: ReviewField[];
  hashes: { safeTxHash: string; domainHash: string; messageHash: string };
  batch: boolean;
  calls: ReviewCall[];
  danger: string | null;
  warnings: string[];
  /** The consortium signing policy's verdict now (the guard's allowlist read, safeTxGas against the latest simulation). */
  policy: ReviewPolicyVerdict;
  simulation: ReviewSimulation;
  /** Only for an execution. */
  execution: ReviewExecution | null;
  conflicts: QueueConflict[];
  confirmations: number;
  threshold: number;
  /** The account that signs, approves or executes. */
  actor: NamedAddress | null;
  /** When the review was read (chain head time), to say how old the screen is. */
  reviewedAt: string;
}

export const reviewChannels = {
  'safe/review': channel<ReviewView>()(
    z
      .object({
        safeTxHash: zBytes32,
        action: z.enum(REVIEW_ACTIONS),
        signerId: z.string().min(1).max(200).optional(),
      })
      .strict(),
  ),
  'safe/pending-decisions': channel<{ decisions: PendingDecision[] }>()(zEmpty),
};
