/**
 * The consortium signing policy's verdict on one Safe transaction: plain, serialisable data (no
 * bigint, no class), the same in core, over IPC, in the audit log and on the review screen.
 */

/** Every rule of the policy, by stable id (the ids are in error details, audit entries and tests). */
export const POLICY_RULE_IDS = [
  'safe-self-call',
  'safe-module',
  'safe-guard',
  'safe-fallback-handler',
  'delegatecall',
  'malformed-batch',
  'gas-refund',
  'safe-tx-gas',
  'unknown-target',
  'guard-allowlist',
  'undecoded-call',
] as const;

export type PolicyRuleId = (typeof POLICY_RULE_IDS)[number];

/** Where in the flow the policy was applied. */
export const POLICY_STAGES = [
  'propose',
  'import-bundle',
  'import-tx-builder',
  'service-sync',
  'sign',
  'approve-on-chain',
  'execute',
] as const;

export type PolicyStage = (typeof POLICY_STAGES)[number];

export interface PolicyViolation {
  rule: PolicyRuleId;
  /** The rule's title, as the UI names it ("No gas refunds"). */
  title: string;
  /** What this transaction does that the rule refuses, in words, with full addresses. */
  message: string;
  /** Which call: its 1-based position in a batch, 0 for the Safe transaction itself. */
  call: number;
  /** The offending values: checksummed addresses, decimal amounts, function names. */
  values: Record<string, string>;
}

export interface PolicyVerdict {
  /** The policy's version (consortium-policy.ts). */
  policy: string;
  /** True when no rule refuses it (the rules in `unchecked` were not asked). */
  allowed: boolean;
  violations: PolicyViolation[];
  /** Rules that could not be checked here, and why (e.g. safe-tx-gas before a simulation). */
  unchecked: { rule: PolicyRuleId; reason: string }[];
}
