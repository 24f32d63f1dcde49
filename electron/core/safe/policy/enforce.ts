import { GridkeeperError } from '../../api/contract/errors';
import type { SafeLifecycle } from '../queue/lifecycle';
import type { SafeQueueStore } from '../queue/queue-store';
import type { SafeChain } from '../safe-reader';
import { type SafeSetup, type SafeTxData, sameAddress } from '../types';
import { hashSafeTx } from '../verify/hash';
import type { SimulationResult } from '../verify/simulate';
import { simulateSafeTx } from '../verify/simulate';
import { describeVerdict, evaluatePolicy, policyTargets } from './evaluate';
import type { PolicyStage, PolicyVerdict } from './verdict';

/** What the policy needs of the flow's context (the FlowContext satisfies it). */
export interface PolicyContext {
  setup: SafeSetup;
  chain: SafeChain | null;
  store: Pick<SafeQueueStore, 'transaction'>;
  lifecycle: Pick<SafeLifecycle, 'emit'>;
  now: () => Date;
}

/** The gas the calls need, from a simulation. */
function gasNeedOf(simulation: SimulationResult): bigint | 'not-simulated' | 'fails' {
  if (simulation.status === 'offline') return 'not-simulated';
  return simulation.status === 'success' && simulation.gasUsed !== null
    ? BigInt(simulation.gasUsed)
    : 'fails';
}

/**
 * The policy's verdict with what only the chain knows: the guard's allowlist for the call targets
 * (those outside the deployment, and the market's contracts while the Safe runs with the guard), and (for a non-zero safeTxGas) the gas the calls need, simulated now unless a
 * simulation of this step is given. Offline, neither is known: such targets and gas limits are refused.
 */
export async function policyVerdict(
  ctx: PolicyContext,
  tx: SafeTxData,
  simulation?: SimulationResult,
): Promise<PolicyVerdict> {
  const targets = policyTargets(tx, ctx.setup);
  const { chain, setup } = ctx;
  const [allowlisted, installed] = chain
    ? await Promise.all([chain.allowlisted(targets), setup.guard ? chain.guard() : null])
    : [[], undefined];
  const guardInstalled =
    installed === undefined ? undefined : installed !== null && sameAddress(installed, setup.guard ?? '');
  let gasNeed: bigint | 'not-simulated' | 'fails' = 'not-simulated';
  if (tx.safeTxGas !== 0n && ctx.chain) {
    gasNeed = gasNeedOf(simulation ?? (await simulateSafeTx(ctx.chain.provider, ctx.setup, tx, ctx.now())));
  }
  const verdict = evaluatePolicy(tx, { setup, allowlisted, guardInstalled, gasNeed });
  if (!ctx.chain && targets.length > 0) {
    for (const v of verdict.violations) {
      if (v.rule === 'unknown-target') v.values.allowlist = 'not readable offline';
    }
  }
  return verdict;
}

/**
 * Applies the consortium policy at one step of the flow: a transaction it refuses goes no further.
 * The refusal is recorded (POLICY_REFUSED, so in the audit log) and thrown as POLICY_REFUSED naming
 * every rule broken.
 */
export async function enforcePolicy(
  ctx: PolicyContext,
  tx: SafeTxData,
  stage: PolicyStage,
  opts: { actor?: string | null; simulation?: SimulationResult; fileSha256?: string } = {},
): Promise<PolicyVerdict> {
  const verdict = await policyVerdict(ctx, tx, opts.simulation);
  if (verdict.allowed) return verdict;
  const { safeTxHash } = hashSafeTx(ctx.setup.safe, tx);
  const rules = [...new Set(verdict.violations.map((v) => v.rule))];
  ctx.store.transaction(() =>
    ctx.lifecycle.emit({
      type: 'POLICY_REFUSED',
      safeTxHash,
      actor: opts.actor ?? null,
      stage,
      nonce: tx.nonce.toString(),
      policy: verdict.policy,
      rules,
      violations: verdict.violations,
      ...(opts.fileSha256 ? { fileSha256: opts.fileSha256 } : {}),
    }),
  );
  throw new GridkeeperError(
    'POLICY_REFUSED',
    `Refused by the consortium signing policy (${rules.join(', ')}) at ${stage}: ${describeVerdict(verdict)}`,
    {
      rule: rules[0] ?? null,
      rules,
      stage,
      safeTxHash,
      messages: verdict.violations.map((v) => v.message),
      values: verdict.violations.flatMap((v) =>
        Object.entries(v.values).map(([k, value]) => `${v.rule} call ${v.call}: ${k}=${value}`),
      ),
    },
  );
}
