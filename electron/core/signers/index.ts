export type {
  SafeTxTypedData,
  Signer,
  SignerKind,
  SignerStatus,
  SignerSummary,
  SigningPrompt,
  TxRequest,
} from './types';
