import { type JsonRpcProvider, Transaction, type TransactionReceipt } from 'ethers';
import { GridkeeperError } from '../../api/contract/errors';
import type { Signer } from '../../signers';
import { describeRevertData, revertDataOf } from '../verify/revert-reasons';

export interface SignedChainTx {
  raw: string;
  hash: string;
}

/**
 * Prepares and signs an EIP-1559 transaction from the signer's account. Gas is estimated first, so
 * a call that would revert is refused here, with its reason, before anything is signed or sent.
 */
export async function signChainTx(
  provider: JsonRpcProvider,
  signer: Signer,
  call: { to: string; data: string; value?: bigint },
  opts: { chainId: bigint; signal?: AbortSignal; failure: 'EXECUTION_FAILED' | 'SIMULATION_FAILED' },
): Promise<SignedChainTx> {
  const request = { from: signer.address, to: call.to, data: call.data, value: call.value ?? 0n };
  let gas: bigint;
  try {
    gas = await provider.estimateGas(request);
  } catch (error) {
    const data = revertDataOf(error);
    if (data === null) throw error;
    throw new GridkeeperError(
      opts.failure,
      `The chain would reject this transaction: ${describeRevertData(data)}.`,
      {
        revertData: data.slice(0, 200),
      },
    );
  }
  const [fees, nonce] = await Promise.all([
    provider.getFeeData(),
    provider.getTransactionCount(signer.address, 'pending'),
  ]);
  const maxPriorityFeePerGas = fees.maxPriorityFeePerGas ?? 1_000_000_000n;
  const maxFeePerGas = fees.maxFeePerGas ?? (fees.gasPrice ?? 0n) * 2n + maxPriorityFeePerGas;
  const raw = await signer.signTransaction(
    {
      chainId: opts.chainId,
      nonce,
      to: call.to,
      value: request.value,
      data: call.data,
      // The Safe hands its inner calls all remaining gas; a margin keeps a tight estimate from failing them.
      gasLimit: (gas * 12n) / 10n + 10_000n,
      maxFeePerGas,
      maxPriorityFeePerGas,
    },
    { signal: opts.signal },
  );
  const hash = Transaction.from(raw).hash;
  if (!hash) throw new GridkeeperError('SIGNATURE_INVALID', 'The signer returned an unsigned transaction.');
  return { raw, hash };
}

/** Sends a signed transaction; sending the same one again (after a crash) is harmless. */
export async function broadcast(provider: JsonRpcProvider, raw: string): Promise<void> {
  try {
    await provider.broadcastTransaction(raw);
  } catch (error) {
    const message = String((error as Error).message ?? error);
    if (/already known|already imported|known transaction|nonce too low/i.test(message)) return;
    throw error;
  }
}

export async function waitForReceipt(
  provider: JsonRpcProvider,
  hash: string,
  timeoutMs: number,
): Promise<TransactionReceipt> {
  const receipt = await provider.waitForTransaction(hash, 1, timeoutMs);
  if (!receipt) {
    throw new GridkeeperError(
      'RPC_UNAVAILABLE',
      `Transaction ${hash} was not mined within ${Math.round(timeoutMs / 1000)} s.`,
    );
  }
  return receipt;
}
