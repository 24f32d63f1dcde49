export { DemoKeySigner } from './demo-key';
export { createSignerHandlers } from './handlers';
export { type SignerNetwork, Signers, type SignersOptions } from './signers';
export type {
  SafeTxTypedData,
  Signer,
  SignerKind,
  SignerStatus,
  SignerSummary,
  SigningPrompt,
  TxRequest,
} from './types';
