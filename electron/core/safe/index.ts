export { marketInterface, registryInterface, safeAbi, safeInterface, tokenInterface } from './abis';
export { type Call, encodeIntents, SENTINEL_OWNERS } from './build/encode';
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
export { execTransactionData } from './execute/execute';
export { SafeFlow, type SafeFlowOptions, type SignOptions } from './flow';
export { createSafeHandlers, forwardSafeEvents, type SafeHandlerDeps } from './handlers';
export {
  CONSORTIUM_POLICY,
  evaluatePolicy,
  type PolicyRuleId,
  type PolicyStage,
  type PolicyVerdict,
  type PolicyViolation,
} from './policy';
export { SafeLifecycle, type SafeLifecycleEvent, type SafeLifecycleEventType } from './queue/lifecycle';
export { type Proposal, type ProposalStatus, SafeQueueStore } from './queue/queue-store';
export { SAFE_ABIS, SAFE_CONTRACT_BUILDS } from './safe-artifacts';
export { type ExecutionRecord, SafeChain } from './safe-reader';
export { safeSetupOf } from './setup';
export type { BundleFile, BundleRejection, VerifiedBundle } from './transports/bundle';
export { MAX_BUNDLE_BYTES, verifyBundle } from './transports/bundle';
export { exportTxBuilderBatch } from './transports/tx-builder';
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
export { plainSafeCall } from './types';
export { type DecodedCall, type DecodedSafeTx, decodeSafeTx } from './verify/decode';
export { verifyDeploymentCode } from './verify/deployment-code';
export {
  crossCheckWithContract,
  crossCheckWithProtocolKit,
  hashSafeTx,
  safeTxTypedData,
} from './verify/hash';
export { recoverSignature, SignatureSet, verifyOwnerSignature } from './verify/signatures';
export { SAFE_VERSION } from './versions';
