import { type ErrorCode, GridkeeperError, isGridkeeperError } from '../../api/contract/errors';
import type { SignerStatus } from '../types';
import {
  DASHBOARD_APP_NAME,
  ETHEREUM_APP_NAME,
  INS,
  LOCKED_STATUS,
  NOT_ETHEREUM_APP_STATUS,
  REJECTED_STATUS,
  SIGNING_INS,
  SW,
} from './status-words';

/** What was known when a device request failed; the running app is probed after the failure. */
export interface FailureContext {
  /** The instruction that failed (INS byte of the Ethereum app), when known. */
  ins?: number;
  /** The app the OS reported right after the failure ('BOLOS' on the dashboard). */
  runningApp?: { name: string; version: string };
  /**
   * The Ethereum app's "blind signing" flag: read right after the failure when the device still
   * answers, else as the app configuration read before signing said.
   */
  blindSigningEnabled?: boolean;
  /** Linux rules file to name when the device cannot be opened for lack of permission. */
  udevRulesFile: string;
}

/** The status word of a Ledger TransportStatusError (matched by shape: several copies of the class exist). */
export function statusWordOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const code = (error as { statusCode: unknown }).statusCode;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const { name, id } = error as { name?: unknown; id?: unknown };
  return `${typeof name === 'string' ? name : ''}/${typeof id === 'string' ? id : ''}`;
}

/** Whether the failure needs the running app probed (and the blind-signing flag read) to be explained. */
export function needsProbe(error: unknown): boolean {
  const sw = statusWordOf(error);
  if (sw === undefined) return isContractDataRefusal(error);
  return NOT_ETHEREUM_APP_STATUS.has(sw) || sw === SW.INCORRECT_DATA;
}

/** hw-app-eth turns 0x6a80 from a transaction into this error, dropping the status word. */
function isContractDataRefusal(error: unknown): boolean {
  return /EthAppPleaseEnableContractData/.test(errorName(error));
}

const FEATURE_BY_INS: Record<number, string> = {
  [INS.SIGN_EIP712]: 'EIP-712 signatures',
  [INS.EIP712_STRUCT_DEF]: 'clear-signed EIP-712 messages',
  [INS.EIP712_STRUCT_IMPL]: 'clear-signed EIP-712 messages',
  [INS.SIGN_TRANSACTION]: 'EIP-1559 transactions',
};

const hex = (sw: number) => `0x${sw.toString(16).padStart(4, '0')}`;

function fail(code: ErrorCode, message: string, nextStep: string, extra: Record<string, string> = {}) {
  return new GridkeeperError(code, `${message} ${nextStep}`, { nextStep, ...extra });
}

export const NEXT_STEPS = {
  unlock: 'Unlock the Ledger with its PIN and open the Ethereum app, then try again.',
  openApp: 'Open the Ethereum app on the Ledger, then try again.',
  quitOtherApp: 'Quit that app on the device and open the Ethereum app, then try again.',
  rejected: 'If that was a mistake, start again and approve on the device after comparing what it shows.',
  blindSigning:
    "On the device open the Ethereum app's Settings and enable Blind signing, then try again; compare the hashes on screen with the device before approving.",
  update: 'Update the Ethereum app in Ledger Live (My Ledger), then try again.',
  reconnect: 'Reconnect the Ledger, unlock it, open the Ethereum app and start again: nothing was signed.',
  closeOtherApps:
    'Close Ledger Live, browser wallets and any other program using the Ledger, then try again.',
  answerDevice: 'Answer or reject the request on the device, then try again.',
  connect: 'Connect the Ledger with its USB cable and unlock it.',
} as const;

/** The install command for the Linux udev rule shipped with the app. */
export function udevInstallCommand(rulesFile: string): string {
  return `sudo install -m 0644 '${rulesFile}' /etc/udev/rules.d/ && sudo udevadm control --reload-rules && sudo udevadm trigger`;
}

export function permissionDeniedError(devicePath: string, rulesFile: string): GridkeeperError {
  const command = udevInstallCommand(rulesFile);
  return fail(
    'SIGNER_PERMISSION_DENIED',
    `Linux does not allow Gridkeeper to open the Ledger (permission denied on ${devicePath}): the udev rule for Ledger devices is missing.`,
    `Install the rule shipped with Gridkeeper, ${rulesFile}, with: ${command} — then unplug and replug the Ledger.`,
    { rulesFile, command, devicePath },
  );
}

export function busyError(cause?: string): GridkeeperError {
  return fail(
    'SIGNER_BUSY',
    'Another program is using the Ledger, or a request is still waiting on it.',
    NEXT_STEPS.closeOtherApps,
    cause ? { cause } : {},
  );
}

export function appTooOldError(feature: string, version?: string): GridkeeperError {
  return fail(
    'SIGNER_APP_TOO_OLD',
    `The Ethereum app${version ? ` (version ${version})` : ''} on the Ledger is too old for ${feature}.`,
    NEXT_STEPS.update,
    version ? { appVersion: version } : {},
  );
}

/**
 * Turns anything a Ledger request threw into a GridkeeperError whose message ends with the next step.
 * The raw status word stays in `details.statusWord`.
 */
export function toSignerError(error: unknown, context: FailureContext): GridkeeperError {
  if (isGridkeeperError(error)) return error;
  const sw = statusWordOf(error);
  if (sw !== undefined) return fromStatusWord(sw, context);
  const name = errorName(error);
  if (/Disconnected/.test(name) || /NoDevice/.test(name)) {
    return fail('SIGNER_DISCONNECTED', 'The Ledger was disconnected.', NEXT_STEPS.reconnect);
  }
  // What the app configuration says decides whether it means "blind signing is off".
  if (isContractDataRefusal(error)) {
    return fromStatusWord(SW.INCORRECT_DATA, { ...context, ins: context.ins ?? INS.SIGN_TRANSACTION });
  }
  if (/TransportRaceCondition|TransportLocked/.test(name)) {
    return busyError(name.replace(/\/$/, ''));
  }
  return new GridkeeperError(
    'INTERNAL',
    'The Ledger answered in a way Gridkeeper does not understand; the details are in the log.',
    undefined,
    { cause: error },
  );
}

function fromStatusWord(sw: number, context: FailureContext): GridkeeperError {
  const statusWord = hex(sw);
  if (LOCKED_STATUS.has(sw)) {
    return fail('SIGNER_LOCKED', 'The Ledger is locked.', NEXT_STEPS.unlock, { statusWord });
  }
  if (REJECTED_STATUS.has(sw)) {
    return fail(
      'SIGNER_REJECTED',
      sw === SW.SECURITY_STATUS_NOT_SATISFIED
        ? 'The request was canceled on the Ledger; nothing was signed.'
        : 'The request was rejected on the Ledger; nothing was signed.',
      NEXT_STEPS.rejected,
      {
        statusWord,
      },
    );
  }
  const app = context.runningApp;
  if (NOT_ETHEREUM_APP_STATUS.has(sw) && app && app.name !== ETHEREUM_APP_NAME) {
    if (app.name === DASHBOARD_APP_NAME) {
      return fail('SIGNER_APP_CLOSED', 'No app is open on the Ledger.', NEXT_STEPS.openApp, { statusWord });
    }
    return fail(
      'SIGNER_WRONG_APP',
      `The ${app.name} app is open on the Ledger, not the Ethereum app.`,
      NEXT_STEPS.quitOtherApp,
      { statusWord, runningApp: app.name },
    );
  }
  if (sw === SW.INS_NOT_SUPPORTED && context.ins !== undefined && FEATURE_BY_INS[context.ins]) {
    const error = appTooOldError(FEATURE_BY_INS[context.ins]!, app?.version);
    return new GridkeeperError(error.code, error.message, { ...error.details, statusWord });
  }
  if (sw === SW.TX_TYPE_NOT_SUPPORTED) {
    const error = appTooOldError('EIP-1559 transactions', app?.version);
    return new GridkeeperError(error.code, error.message, { ...error.details, statusWord });
  }
  if (sw === SW.INCORRECT_DATA && context.ins !== undefined && SIGNING_INS.has(context.ins)) {
    if (context.blindSigningEnabled === false) {
      return fail(
        'SIGNER_BLIND_SIGNING_DISABLED',
        'The Ethereum app refused to sign data it cannot show in full: Blind signing is off on the device.',
        NEXT_STEPS.blindSigning,
        { statusWord },
      );
    }
    return fail(
      'SIGNATURE_INVALID',
      context.blindSigningEnabled
        ? 'The Ethereum app refused the data of this request as invalid (Blind signing is on, so that is not the reason).'
        : 'The Ethereum app refused the data of this request as invalid; Gridkeeper could not read whether Blind signing is on.',
      context.blindSigningEnabled
        ? 'Check that the app is up to date; if it is, report this with the log.'
        : "Check Blind signing in the Ethereum app's Settings and that the app is up to date, then try again.",
      { statusWord },
    );
  }
  return new GridkeeperError(
    'INTERNAL',
    `The Ledger answered with status ${statusWord}, which Gridkeeper does not know; the details are in the log.`,
    { statusWord },
  );
}

/** The signer status a failure leaves the device in (for the device-state events). */
export function statusAfter(error: GridkeeperError): SignerStatus | undefined {
  switch (error.code) {
    case 'SIGNER_LOCKED':
      return 'locked';
    case 'SIGNER_APP_CLOSED':
      return 'app-closed';
    case 'SIGNER_WRONG_APP':
      return 'wrong-app';
    case 'SIGNER_DISCONNECTED':
      return 'disconnected';
    case 'SIGNER_BUSY':
      return 'busy';
    case 'SIGNER_PERMISSION_DENIED':
      return 'permission-denied';
    case 'SIGNER_TIMEOUT':
      return 'needs-attention';
    default:
      return undefined;
  }
}
