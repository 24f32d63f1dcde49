/**
 * Status words the Ledger OS and its Ethereum app answer with, as named in @ledgerhq/errors'
 * `StatusCodes` and the Ethereum app's documented status-word table (app-ethereum's
 * `doc/ethapp.adoc`, `src/apdu_constants.h`). Only the ones Gridkeeper acts on.
 */
export const SW = {
  OK: 0x9000,
  /** OS: the device is locked (PIN screen or screen saver), firmware 2.x and later. */
  LOCKED_DEVICE: 0x5515,
  /** OS: the user refused on a system screen. */
  USER_REFUSED_ON_DEVICE: 0x5501,
  /** Ethereum app: "Security status not satisfied (Canceled by user)". */
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  /** Ethereum app: "Condition of use not satisfied": the user rejected the request on the device. */
  CONDITIONS_OF_USE_NOT_SATISFIED: 0x6985,
  /**
   * Ethereum app: "Invalid data". On a signing request with blind signing off, this is the app
   * refusing data it cannot show; with blind signing on, the data itself was refused.
   */
  INCORRECT_DATA: 0x6a80,
  /** Ethereum app: transaction type not supported. */
  TX_TYPE_NOT_SUPPORTED: 0x6501,
  /** Instruction unknown to the running app (app too old for it, or not the Ethereum app). */
  INS_NOT_SUPPORTED: 0x6d00,
  /** Class unknown to the running app or to the dashboard (no app open, or another app). */
  CLA_NOT_SUPPORTED: 0x6e00,
  CLA_NOT_SUPPORTED_BOOTLOADER: 0x6e01,
  UNKNOWN_APDU: 0x6d02,
  /** Dashboard: no app is open. */
  APP_NOT_OPEN: 0x6511,
  /** Dashboard or another app: the requested app is not the one running. */
  WRONG_APP: 0x6a15,
} as const;

/** Answers that mean "this is not the Ethereum app speaking": probe the running app to say which. */
export const NOT_ETHEREUM_APP_STATUS: ReadonlySet<number> = new Set([
  SW.CLA_NOT_SUPPORTED,
  SW.CLA_NOT_SUPPORTED_BOOTLOADER,
  SW.UNKNOWN_APDU,
  SW.APP_NOT_OPEN,
  SW.WRONG_APP,
  SW.INS_NOT_SUPPORTED,
]);

export const LOCKED_STATUS: ReadonlySet<number> = new Set([SW.LOCKED_DEVICE]);
export const REJECTED_STATUS: ReadonlySet<number> = new Set([
  SW.CONDITIONS_OF_USE_NOT_SATISFIED,
  SW.USER_REFUSED_ON_DEVICE,
  SW.SECURITY_STATUS_NOT_SATISFIED,
]);

/** Instructions of the Ethereum app (CLA 0xe0). */
export const INS = {
  GET_ADDRESS: 0x02,
  SIGN_TRANSACTION: 0x04,
  GET_APP_CONFIGURATION: 0x06,
  SIGN_PERSONAL_MESSAGE: 0x08,
  SIGN_EIP712: 0x0c,
  EIP712_STRUCT_DEF: 0x1a,
  EIP712_STRUCT_IMPL: 0x1c,
  EIP712_FILTERING: 0x1e,
} as const;

export const ETH_CLA = 0xe0;
/** Ledger OS class for "which app is running" (CLA 0xb0, INS 0x01). */
export const OS_CLA = 0xb0;
export const OS_INS_APP_AND_VERSION = 0x01;
/** The name the OS reports when no app is open. */
export const DASHBOARD_APP_NAME = 'BOLOS';
export const ETHEREUM_APP_NAME = 'Ethereum';

/** The instructions that ask the user to sign (where 0x6a80 can mean "blind signing is off"). */
export const SIGNING_INS: ReadonlySet<number> = new Set([
  INS.SIGN_TRANSACTION,
  INS.SIGN_PERSONAL_MESSAGE,
  INS.SIGN_EIP712,
  INS.EIP712_STRUCT_DEF,
  INS.EIP712_STRUCT_IMPL,
]);
