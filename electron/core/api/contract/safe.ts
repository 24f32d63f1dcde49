import { z } from 'zod';
import { channel } from './define';
import { MAX_SAFE_FILE_BYTES } from './file-limits';
import { type IntentJson, intentSchema } from './intents';
import type { QueueConflict } from './review';
import { zAddress, zBytes32, zEmpty, zMarketContract, zUint } from './schemas';

export type { IntentJson };

export interface SimulatedEvent {
  address: string;
  /** The contract, when it is one of the market's or the Safe. */
  contract: string | null;
  /** Null when the event is not in the project's ABIs. */
  name: string | null;
  args: Record<string, string>;
}

export interface SimulationResult {
  status: 'success' | 'reverted' | 'offline';
  simulatedAt: string;
  blockNumber: number | null;
  /** Timestamp of that block (chain time, unix seconds): the simulation's age is measured against the head's. */
  blockTimestamp?: number | null;
  /**
   * Set when a later refresh (new block, Safe state changed) could not simulate it again: why, and
   * since when. The result above is then the last one known, no longer a statement about now.
   */
  stale?: { reason: string; since: string } | null;
  /** Gas the Safe transaction's calls use (the accessor's estimate), decimal. */
  gasUsed: string | null;
  revertReason: string | null;
  events: SimulatedEvent[];
  /** Why events are missing or what limits them, in words ("not simulated: offline"). */
  note: string | null;
}

export type ProposalStatus = 'open' | 'executing' | 'executed' | 'failed' | 'replaced';
export type TransportKind = 'tx-service' | 'bundle' | 'on-chain';

export interface SafeTxView {
  to: string;
  value: string;
  data: string;
  operation: 0 | 1;
  safeTxGas: string;
  baseGas: string;
  gasPrice: string;
  gasToken: string;
  refundReceiver: string;
  nonce: string;
}

export type DecodedCallView =
  | {
      kind: 'intent';
      to: string;
      target: string;
      targetLabel: string;
      intent: IntentJson;
      description: string;
    }
  | { kind: 'rejection'; to: string; description: string }
  | { kind: 'guard'; to: string; guard: string; description: string }
  | {
      kind: 'unknown';
      to: string;
      target: string | null;
      value: string;
      data: string;
      operation: 0 | 1;
      reason: string;
    };

export interface ProposalView {
  safeTxHash: string;
  nonce: string;
  title: string;
  status: ProposalStatus;
  origin: 'local' | 'bundle' | 'tx-service' | 'tx-builder';
  proposedBy: string | null;
  createdAt: string;
  updatedAt: string;
  tx: SafeTxView;
  /** What a Ledger shows: check these on the device. */
  hashes: { safeTxHash: string; domainHash: string; messageHash: string };
  decoded: {
    batch: boolean;
    calls: DecodedCallView[];
    intents: IntentJson[];
    danger: string | null;
    dangerousOverride: boolean;
    warnings: string[];
  };
  simulation: SimulationResult | null;
  /** The simulation's age against the chain head (null offline or when not simulated). */
  simulationAge: { headBlock: number; blocksBehind: number; ageSeconds: number | null } | null;
  /** Other open proposals acting on the same prosumer, trade, parameter or nonce. */
  conflicts: QueueConflict[];
  signatures: {
    owner: string;
    type: 'eip712' | 'eth_sign' | 'approved-hash';
    source: 'local' | 'bundle' | 'tx-service' | 'on-chain';
    signerKind: string | null;
    addedAt: string;
    /** False for an address that is no longer an owner. */
    counts: boolean;
  }[];
  confirmations: number;
  threshold: number;
  missingOwners: string[];
  /** Threshold met, nonce is next, status open. */
  executable: boolean;
  /** Other open proposals for the same nonce: executing one invalidates the others. */
  competitors: string[];
  transports: { transport: TransportKind; status: string; detail: string | null; updatedAt: string }[];
  execution: { chainTxHash: string; blockNumber: number | null; executedBy: string | null } | null;
  replacedBy: string | null;
}

export interface SafeOwnersView {
  chainId: string;
  safeAddress: string;
  safeVersion: string;
  owners: string[];
  threshold: number;
  nonce: string;
  online: boolean;
  /**
   * A Safe Transaction Service is configured for this network (Settings): without one (the training
   * network has none) the service's actions are not offered.
   */
  txService: boolean;
  /** When the owners were read from the chain (offline: the last time). */
  stateAsOf: string;
  blockNumber: number | null;
}

/** Whether the Safe runs with a transaction guard, read from the Safe's guard storage slot. */
export interface SafeGuardView {
  safeAddress: string;
  online: boolean;
  /** The guard the Safe runs with; null when it has none, or when offline (unknown). */
  guard: string | null;
  /** The ConsortiumGuard the deployment record names for this Safe; null when it names none. */
  recordGuard: string | null;
  /** When the slot was read (null offline). */
  readAt: string | null;
}

export interface QueueView extends SafeOwnersView {
  groups: { nonce: string; next: boolean; competing: boolean; proposals: ProposalView[] }[];
}

export interface SafeFileView {
  fileName: string;
  content: string;
  sha256: string;
}

const zSafeTx = z.object({ safeTxHash: zBytes32 }).strict();
const zSigned = z.object({ safeTxHash: zBytes32, signerId: z.string().min(1).max(200) }).strict();
/** Generous on purpose: the size limit of 1 MiB is enforced by the importer, with its own message. */
const zFileContent = z.string().max(MAX_SAFE_FILE_BYTES);
const zProposeOptions = {
  proposer: zAddress.optional(),
  nonce: zUint.optional(),
};

export const safeChannels = {
  'safe/owners': channel<SafeOwnersView>()(zEmpty),
  'safe/guard': channel<SafeGuardView>()(zEmpty),
  'safe/queue': channel<QueueView>()(zEmpty),
  'safe/get': channel<ProposalView>()(zSafeTx),
  'safe/history': channel<{ proposals: ProposalView[] }>()(
    z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
  ),
  'safe/propose': channel<ProposalView>()(
    z
      .object({
        intents: z.array(intentSchema).min(1).max(200),
        ...zProposeOptions,
      })
      .strict(),
  ),
  'safe/propose-rejection': channel<ProposalView>()(
    z.object({ nonce: zUint, proposer: zAddress.optional() }).strict(),
  ),
  'safe/simulate': channel<SimulationResult>()(zSafeTx),
  'safe/sign': channel<ProposalView>()(zSigned),
  'safe/export-bundle': channel<SafeFileView>()(zSafeTx),
  'safe/import-bundle': channel<{
    proposal: ProposalView;
    newProposal: boolean;
    addedSignatures: string[];
  }>()(z.object({ content: zFileContent }).strict()),
  'safe/export-tx-builder': channel<SafeFileView>()(zSafeTx),
  'safe/import-tx-builder': channel<ProposalView>()(
    z.object({ content: zFileContent, ...zProposeOptions }).strict(),
  ),
  'safe/propose-to-service': channel<{ proposal: ProposalView; proposed: boolean; confirmed: string[] }>()(
    zSafeTx,
  ),
  'safe/sync-service': channel<{
    newProposals: string[];
    addedSignatures: number;
    refused: { safeTxHash: string; reason: string }[];
  }>()(zEmpty),
  'safe/approve-on-chain': channel<ProposalView>()(zSigned),
  'safe/execute': channel<ProposalView>()(
    z
      .object({
        safeTxHash: zBytes32,
        signerId: z.string().min(1).max(200),
        /** The owner read that the latest simulation fails and confirmed again: the nonce will be used. */
        confirmFailingSimulation: z.boolean().optional(),
      })
      .strict(),
  ),
};

/** Each governance decision as its own channel, named after the contract function it calls. */
const zReason = z.string().trim().min(1).max(500);
const decision = <T extends z.ZodRawShape>(shape: T) => z.object({ ...shape, ...zProposeOptions }).strict();

export const governanceChannels = {
  /** Each application as reviewed: the registry refuses an admit whose application was re-filed since. */
  'prosumer/admit': channel<ProposalView>()(
    decision({
      applications: z
        .array(z.object({ prosumer: zAddress, applicationHash: zBytes32 }).strict())
        .min(1)
        .max(200),
    }),
  ),
  'prosumer/reject': channel<ProposalView>()(
    decision({ prosumer: zAddress, applicationHash: zBytes32, reason: zReason }),
  ),
  'prosumer/remove': channel<ProposalView>()(decision({ prosumer: zAddress, reason: zReason })),
  'prosumer/suspend': channel<ProposalView>()(decision({ prosumer: zAddress, reason: zReason })),
  'prosumer/reinstate': channel<ProposalView>()(decision({ prosumer: zAddress })),
  'dispute/resolve': channel<ProposalView>()(
    decision({ tradeId: zUint, sellerShareBps: z.number().int().min(0).max(10_000) }),
  ),
  'market/set-fee': channel<ProposalView>()(decision({ feeBps: z.number().int().min(0).max(10_000) })),
  'market/set-dispute-window': channel<ProposalView>()(decision({ disputeWindowSeconds: zUint })),
  'market/set-dispute-bond': channel<ProposalView>()(decision({ bond: zUint })),
  'market/set-arbitration-period': channel<ProposalView>()(decision({ arbitrationPeriodSeconds: zUint })),
  /** The Safe accepts ownership it was nominated for (Ownable2Step's second step). */
  'market/accept-ownership': channel<ProposalView>()(decision({ contract: zMarketContract })),
  'market/pause': channel<ProposalView>()(decision({})),
  'market/unpause': channel<ProposalView>()(decision({})),
  'market/set-registration-fee': channel<ProposalView>()(decision({ feeWei: zUint })),
  'market/withdraw-registration-fees': channel<ProposalView>()(decision({})),
  'market/set-meter-oracle': channel<ProposalView>()(decision({ oracle: zAddress, authorised: z.boolean() })),
  'safe/add-owner': channel<ProposalView>()(
    decision({ owner: zAddress, threshold: z.number().int().min(1) }),
  ),
  'safe/remove-owner': channel<ProposalView>()(
    decision({ owner: zAddress, threshold: z.number().int().min(1) }),
  ),
  'safe/swap-owner': channel<ProposalView>()(decision({ oldOwner: zAddress, newOwner: zAddress })),
  'safe/change-threshold': channel<ProposalView>()(decision({ threshold: z.number().int().min(1) })),
};
