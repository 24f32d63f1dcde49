export { marketInterface, registryInterface, safeAbi, tokenInterface } from './abis';
export { type Call, encodeIntents } from './build/encode';
export {
  describeIntent,
  INTENT_LABELS,
  type Intent,
  type IntentJson,
  intentSchema,
  titleForIntents,
} from './build/intents';
export { canonicalSafeContracts } from './canonical-contracts';
export { openSafeConcern, type SafeConcern } from './concern';
export { SafeFlow, type SafeFlowOptions, type SignOptions } from './flow';
export { createSafeHandlers, forwardSafeEvents, type SafeHandlerDeps } from './handlers';
export { SafeLifecycle, type SafeLifecycleEvent } from './queue/lifecycle';
export { type Proposal, type ProposalStatus, SafeQueueStore } from './queue/queue-store';
export { type ExecutionRecord, SafeChain } from './safe-reader';
export { safeSetupOf } from './setup';
export type { BundleFile, BundleRejection, VerifiedBundle } from './transports/bundle';
export { MAX_BUNDLE_BYTES, verifyBundle } from './transports/bundle';
export type {
  MarketAddresses,
  OwnerSignature,
  SafeContractAddresses,
  SafeRef,
  SafeSetup,
  SafeState,
  SafeTxData,
  SafeTxHashes,
} from './types';
export { type DecodedCall, type DecodedSafeTx, decodeSafeTx } from './verify/decode';
export {
  crossCheckWithContract,
  crossCheckWithProtocolKit,
  hashSafeTx,
  safeTxTypedData,
} from './verify/hash';
export { recoverSignature, SignatureSet, verifyOwnerSignature } from './verify/signatures';
export { SAFE_VERSION } from './versions';
