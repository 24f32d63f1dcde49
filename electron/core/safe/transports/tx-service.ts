import type SafeApiKitClass from '@safe-global/api-kit';
import * as apiKitModule from '@safe-global/api-kit';
import type { SafeMultisigTransactionResponse } from '@safe-global/types-kit';
import { getAddress, ZeroAddress } from 'ethers';
import { GridkeeperError } from '../../api/contract/errors';
import { type SafeSetup, type SafeTxData, safeTxToJson } from '../types';
import type { CollectedTx, CoSignatureTransport, ShareInput } from './types';

type ApiKitClass = typeof SafeApiKitClass;
const SafeApiKit: ApiKitClass = ((apiKitModule.default as unknown as { default?: ApiKitClass }).default ??
  apiKitModule.default) as ApiKitClass;

export interface ServiceShareReceipt {
  /** True when this call created the proposal on the service. */
  proposed: boolean;
  /** Owners whose signatures this call added to the service. */
  confirmed: string[];
  txServiceUrl: string;
}

function asServiceError(error: unknown, url: string, action: string): GridkeeperError {
  const message = error instanceof Error ? error.message : String(error);
  return new GridkeeperError(
    'TX_SERVICE_ERROR',
    `The Safe Transaction Service at ${url} refused to ${action}: ${message}`,
    {
      txServiceUrl: url,
    },
  );
}

export function txFromService(t: SafeMultisigTransactionResponse): SafeTxData {
  return {
    to: getAddress(t.to),
    value: BigInt(t.value),
    data: (t.data ?? '0x').toLowerCase(),
    operation: t.operation === 1 ? 1 : 0,
    safeTxGas: BigInt(t.safeTxGas),
    baseGas: BigInt(t.baseGas),
    gasPrice: BigInt(t.gasPrice),
    gasToken: getAddress(t.gasToken),
    refundReceiver: getAddress(t.refundReceiver ?? ZeroAddress),
    nonce: BigInt(t.nonce),
  };
}

const isNotFound = (error: unknown) =>
  (error as { statusCode?: number })?.statusCode === 404 ||
  /not found/i.test(String((error as Error)?.message));

/**
 * The Safe Transaction Service through @safe-global/api-kit, at a configurable `txServiceUrl`
 * (Safe's hosted service, a self-hosted one, or the local double in tests and training).
 */
export class TxServiceTransport
  implements CoSignatureTransport<ServiceShareReceipt, { safeTxHash?: string }>
{
  readonly kind = 'tx-service' as const;
  readonly url: string;
  readonly #kit: SafeApiKitClass;
  readonly #setup: SafeSetup;

  constructor(setup: SafeSetup, txServiceUrl: string) {
    this.#setup = setup;
    this.url = txServiceUrl.replace(/\/+$/, '');
    this.#kit = new SafeApiKit({ chainId: setup.safe.chainId, txServiceUrl: this.url });
  }

  async #fetch(safeTxHash: string): Promise<SafeMultisigTransactionResponse | null> {
    try {
      return await this.#kit.getTransaction(safeTxHash);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw asServiceError(error, this.url, 'return the transaction');
    }
  }

  async share({ proposal, signatures }: ShareInput): Promise<ServiceShareReceipt> {
    const offChain = signatures.filter((s) => s.type !== 'approved-hash');
    const existing = await this.#fetch(proposal.safeTxHash);
    const onService = new Set((existing?.confirmations ?? []).map((c) => c.owner.toLowerCase()));
    const confirmed: string[] = [];
    let proposed = false;
    let rest = offChain;
    if (!existing) {
      const [first, ...others] = offChain;
      if (!first) {
        throw new GridkeeperError(
          'THRESHOLD_NOT_MET',
          'Sign the transaction first: the Safe Transaction Service only accepts a proposal together with its proposer’s signature.',
        );
      }
      const tx = proposal.tx;
      try {
        await this.#kit.proposeTransaction({
          safeAddress: this.#setup.safe.address,
          safeTransactionData: { ...safeTxToJson(tx), nonce: Number(tx.nonce) },
          safeTxHash: proposal.safeTxHash,
          senderAddress: first.owner,
          senderSignature: first.data,
          origin: 'Gridkeeper',
        });
      } catch (error) {
        throw asServiceError(error, this.url, 'accept the proposal');
      }
      proposed = true;
      confirmed.push(first.owner);
      rest = others;
    }
    for (const s of rest) {
      if (onService.has(s.owner.toLowerCase())) continue;
      try {
        await this.#kit.confirmTransaction(proposal.safeTxHash, s.data);
      } catch (error) {
        throw asServiceError(error, this.url, `accept ${s.owner}'s signature`);
      }
      confirmed.push(s.owner);
    }
    return { proposed, confirmed, txServiceUrl: this.url };
  }

  /** One transaction by hash, or every pending one of the Safe. */
  async collect(query: { safeTxHash?: string }): Promise<CollectedTx[]> {
    let list: SafeMultisigTransactionResponse[];
    if (query.safeTxHash) {
      const one = await this.#fetch(query.safeTxHash);
      list = one ? [one] : [];
    } else {
      try {
        list = (await this.#kit.getPendingTransactions(this.#setup.safe.address)).results;
      } catch (error) {
        throw asServiceError(error, this.url, 'list pending transactions');
      }
    }
    return list.map((t) => ({
      tx: txFromService(t),
      claimedSafeTxHash: t.safeTxHash.toLowerCase(),
      signatures: (t.confirmations ?? []).map((c) => ({ signer: c.owner, data: c.signature })),
    }));
  }
}
