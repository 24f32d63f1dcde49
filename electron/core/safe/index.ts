export type { BundleFile, BundleRejection, VerifiedBundle } from './bundle';
export { MAX_BUNDLE_BYTES, verifyBundle } from './bundle';
export { type ExecutionRecord, SafeChain } from './chain';
export { openSafeConcern, type SafeConcern } from './concern';
export { type DecodedCall, type DecodedSafeTx, decodeSafeTx } from './decode';
export { type Call, encodeIntents } from './encode';
export { SafeFlow, type SafeFlowOptions, type SignOptions } from './flow';
export { createSafeHandlers, forwardSafeEvents, type SafeHandlerDeps } from './handlers';
export { crossCheckWithContract, crossCheckWithProtocolKit, hashSafeTx, safeTxTypedData } from './hash';
export {
  describeIntent,
  INTENT_LABELS,
  type Intent,
  type IntentJson,
  intentSchema,
  titleForIntents,
} from './intents';
export { SafeLifecycle, type SafeLifecycleEvent, type SafeLifecycleEventType } from './lifecycle';
export {
  CONSORTIUM_POLICY,
  evaluatePolicy,
  type PolicyRuleId,
  type PolicyStage,
  type PolicyVerdict,
  type PolicyViolation,
} from './policy';
export { type Proposal, type ProposalStatus, SafeQueueStore } from './queue-store';
export { recoverSignature, SignatureSet, verifyOwnerSignature } from './signatures';
export { startTxServiceDouble, type TxServiceDouble } from './transports/tx-service-double';
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
export { verifyDeploymentCode } from './verify/deployment-code';
