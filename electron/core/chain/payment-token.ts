import { getAddress, id, type JsonRpcProvider, ZeroAddress } from 'ethers';
import { GridkeeperError } from '../api/contract/errors';

/**
 * Payment tokens reviewed as plain ERC-20s on the public networks: a transfer moves exactly the
 * amount, balances change only by transfers, no hooks. The market escrows only what arrived (a
 * fee-on-transfer token makes purchases revert), but a balance that shrinks later (rebasing) would
 * leave the escrow short: on these networks only reviewed tokens are accepted.
 */
export const REVIEWED_PAYMENT_TOKENS: Readonly<Record<number, Readonly<Record<string, string>>>> = {
  137: {
    [getAddress('0x3c499c542cef5e3811e1192ce70d8cc03d5c3359')]: 'USDC',
    [getAddress('0x2791bca1f2de4661ed88a30c99a7a9449aa84174')]: 'USDC.e (PoS bridged USDC)',
  },
  80002: {
    [getAddress('0x41e94eb019c0762f9bfcf9fb1e58725bfb0e7582')]: 'USDC (Circle test token)',
  },
};

/** Functions only tokens that are not plain ERC-20s have, with what they reveal. */
const NON_PLAIN_FUNCTIONS: Record<string, string> = {
  'basisPointsRate()': 'a transfer fee',
  'maximumFee()': 'a transfer fee',
  'taxFee()': 'a transfer fee',
  '_taxFee()': 'a transfer fee',
  'reflectionFromToken(uint256,bool)': 'reflection (fee-on-transfer)',
  'rebase(uint256)': 'rebasing balances',
  'rebase(uint256,int256)': 'rebasing balances',
  'sharesOf(address)': 'rebasing balances (shares)',
  'scaledBalanceOf(address)': 'rebasing balances (scaled)',
  'getSharesByPooledEth(uint256)': 'rebasing balances (shares)',
  'granularity()': 'ERC-777 transfer hooks',
  'defaultOperators()': 'ERC-777 transfer hooks',
};

/** What a token's runtime code reveals that makes it not a plain ERC-20 (its dispatcher's PUSH4 selectors). */
export function nonPlainFeatures(runtimeCode: string): string[] {
  const code = runtimeCode.toLowerCase();
  const found = Object.entries(NON_PLAIN_FUNCTIONS)
    .filter(([signature]) => code.includes(`63${id(signature).slice(2, 10)}`))
    .map(([signature, what]) => `${what} (${signature})`);
  return [...new Set(found)];
}

/**
 * Refuses a payment token that is known not to be a plain ERC-20: one whose code has functions of
 * fee, rebasing or hook tokens, and on Polygon and Amoy any token that is not a reviewed one. The
 * zero address (native POL) is always fine.
 */
export async function assertPlainPaymentToken(
  provider: Pick<JsonRpcProvider, 'getCode'>,
  chainId: number,
  token: string,
): Promise<void> {
  if (getAddress(token) === ZeroAddress) return;
  const code = await provider.getCode(token);
  if (code === '0x') {
    throw new GridkeeperError('NOT_FOUND', `There is no payment token contract at ${token}.`, {
      address: token,
    });
  }
  const features = nonPlainFeatures(code);
  if (features.length > 0) {
    throw new GridkeeperError(
      'INPUT_INVALID',
      `The payment token ${token} is not a plain ERC-20 (it has ${features.join(', ')}): the market's escrow would not hold what it owes. Use native POL or a plain ERC-20.`,
      { address: token },
    );
  }
  const reviewed = REVIEWED_PAYMENT_TOKENS[chainId];
  if (reviewed && !reviewed[getAddress(token)]) {
    throw new GridkeeperError(
      'INPUT_INVALID',
      `The payment token ${token} is not one reviewed as a plain ERC-20 on chain ${chainId} (${Object.values(reviewed).join(', ')}): an unreviewed token may take fees or rebase, and the market's escrow would not hold what it owes.`,
      { address: token },
    );
  }
}
