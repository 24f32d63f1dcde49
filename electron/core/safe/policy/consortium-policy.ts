import type { SafeContractAddresses } from '../types';
import type { PolicyRuleId } from './verdict';

/**
 * The consortium's signing policy, as data: what a Safe transaction may do for an owner to propose,
 * import, sign, approve or execute it in Gridkeeper. The evaluator (evaluate.ts) reads only this;
 * ConsortiumGuard (contracts/) enforces the same rules on chain at execution.
 */
export const CONSORTIUM_POLICY = {
  version: 'consortium-signing-policy/1',

  rules: {
    'safe-self-call': {
      title: 'The Safe calls itself only to manage owners',
      refuses:
        'a call of the Safe to itself other than addOwnerWithThreshold, removeOwner, swapOwner, changeThreshold or the empty on-chain rejection',
    },
    'safe-module': {
      title: 'No modules',
      refuses: 'enableModule / disableModule: a module moves the Safe’s funds with no owner signature',
    },
    'safe-guard': {
      title: 'Guard only the recorded ConsortiumGuard',
      refuses: 'setGuard to any address but the ConsortiumGuard the verified deployment record names',
    },
    'safe-fallback-handler': {
      title: 'No fallback handler change',
      refuses: 'setFallbackHandler: the handler answers for the Safe (signatures, tokens received)',
    },
    delegatecall: {
      title: 'Delegatecall only to MultiSendCallOnly',
      refuses:
        'a delegatecall to anything but the verified MultiSendCallOnly, and any delegatecall inside a batch',
    },
    'malformed-batch': {
      title: 'Batches must decode',
      refuses: 'a MultiSendCallOnly payload that does not decode to the calls it runs, canonically encoded',
    },
    'gas-refund': {
      title: 'No gas refunds',
      refuses: 'a non-zero gasPrice, gasToken or refundReceiver: the Safe would pay its executor',
    },
    'safe-tx-gas': {
      title: 'No nonce-burning gas limit',
      refuses:
        'a non-zero safeTxGas below what the calls need (simulated), or not known to be enough: the calls fail and the nonce is used up',
    },
    'unknown-target': {
      title: 'Calls only inside the deployment',
      refuses:
        'a call to an address that is not the market, registry, token, Safe or ConsortiumGuard, nor on the guard’s Safe-governed allowlist',
    },
    'guard-allowlist': {
      title: 'Calls only to targets the guard allows',
      refuses:
        'a call to the market, registry or token while the Safe runs with the ConsortiumGuard and that contract is not on the guard’s allowlist: the guard would refuse the transaction at execution',
    },
    'undecoded-call': {
      title: 'Only decisions Gridkeeper decodes',
      refuses:
        'a call to the market’s contracts or the ConsortiumGuard that is not a decision Gridkeeper builds (an unknown function, arguments out of range, value attached); on the guard only setTargetAllowed, the allowlist itself, is one',
    },
  } satisfies Record<PolicyRuleId, { title: string; refuses: string }>,

  /** Functions the Safe may call on itself (the owner-management intents the app builds). */
  safeSelfCalls: ['addOwnerWithThreshold', 'removeOwner', 'swapOwner', 'changeThreshold'],
  /** Safe functions refused under a rule of their own (anything else on the Safe: safe-self-call). */
  safeConfigCalls: {
    enableModule: 'safe-module',
    disableModule: 'safe-module',
    setGuard: 'safe-guard',
    setFallbackHandler: 'safe-fallback-handler',
  } satisfies Record<string, PolicyRuleId>,

  /** The only contract the Safe may delegatecall, and only with a well-formed batch of plain calls. */
  delegatecallTarget: 'multiSendCallOnlyAddress' satisfies keyof SafeContractAddresses,
} as const;
