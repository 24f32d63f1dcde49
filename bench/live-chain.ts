// The training network under peak load, in its own process (forked by bench/live.ts, so the core's
// and the page's numbers are their own): the seeded training market, then admitted prosumers buying
// from a few large offers at a steady `rate` trades/s, mined every `blockMs` by this process.
// Messages to the parent: { ready } once the market is set up, then one { block } per mined block
// and { done } at the end. The parent sends { go } to start driving and nothing else.
import { MaxUint256, toQuantity } from 'ethers';
import { startDevnet } from '../electron/core/devnet';
import { askPriceWei, quoteWei } from '../electron/core/devnet/profile';
import { meterIdOf } from '../electron/core/devnet/seed';
import { GAS, oneBlock } from '../electron/core/devnet/tx';
import { consoleLogger } from '../electron/core/ports/logger';
import { marketInterface, registryInterface, tokenInterface } from '../electron/core/safe';

export interface MinedBlock {
  number: number;
  /** The block's own timestamp (chain time, seconds): what SeriesView.to reports once it is indexed. */
  timestamp: number;
  /** Epoch ms (Date.now() in this process) when evm_mine returned: the block exists and is served. */
  minedAt: number;
  /** How long evm_mine took (sealing the block's transactions), ms. */
  mineMs: number;
  /** TradeOpened events in the block, and the transactions the block holds. */
  trades: number;
  transactions: number;
  gasUsed: number;
  gasLimit: number;
}

export type FromChain =
  | { kind: 'ready'; rpcUrl: string; chainId: number; deployment: unknown; sellers: number; buyers: number }
  | { kind: 'block'; block: MinedBlock }
  | { kind: 'done'; sent: number; failedToSend: number };
export type ToChain = { kind: 'go'; seconds: number; rate: number; blockMs: number };

const SELLERS = 4;
const OFFER_WH = 10n ** 12n;
/** Far above the base fee a full block pushes up over minutes (the demo accounts hold plenty). */
const MAX_FEE = 10_000n * 10n ** 9n;
const TIP = 30n * 10n ** 9n;
const TRADE_OPENED = marketInterface.getEvent('TradeOpened')?.topicHash as string;

const send = (message: FromChain) => process.send?.(message);

const devnet = await startDevnet({ seed: 'full', simulate: false, log: consoleLogger('devnet', 'warn') });
const { request } = devnet;
const { registry, token, market } = devnet.market;
const call = async (to: string, data: string) =>
  (await request('eth_call', [{ to, data }, 'latest'])) as string;
const sendTx = (from: string, to: string, data: string, gas: bigint, value = 0n) =>
  request('eth_sendTransaction', [
    {
      from,
      to,
      data,
      value: toQuantity(value),
      gas: toQuantity(gas),
      maxFeePerGas: toQuantity(MAX_FEE),
      maxPriorityFeePerGas: toQuantity(TIP),
    },
  ]) as Promise<string>;

// Who is admitted after seeding: sellers get a large reading minted and list one large offer each.
const admitted = [];
for (const [index, account] of devnet.prosumers.entries()) {
  const data = registryInterface.encodeFunctionData('prosumerOf', [account.address]);
  const status = Number(registryInterface.decodeFunctionResult('prosumerOf', await call(registry, data))[0]);
  if (status === 2) admitted.push({ index, address: account.address });
}
const sellers = admitted.slice(0, SELLERS);
const buyers = admitted.slice(SELLERS);
if (sellers.length < SELLERS || buyers.length === 0) throw new Error('not enough admitted prosumers');
const latest = (await request('eth_getBlockByNumber', ['latest', false])) as { timestamp: string };
const chainNow = Number(latest.timestamp);
const price = askPriceWei(12, 0.5);
await oneBlock(devnet, 'mint the sellers’ readings', () =>
  Promise.all(
    sellers.map((s) =>
      sendTx(
        devnet.oracle.address,
        token,
        // Read at the next block's time at the latest (a new block's time is past its parent's).
        tokenInterface.encodeFunctionData('mint', [meterIdOf(s.index), OFFER_WH, chainNow + 1]),
        GAS.mint,
      ),
    ),
  ),
);
await oneBlock(devnet, 'approve the market', () =>
  Promise.all(
    sellers.map((s) =>
      sendTx(
        s.address,
        token,
        tokenInterface.encodeFunctionData('approve', [market, MaxUint256]),
        GAS.approve,
      ),
    ),
  ),
);
const listed = await oneBlock(devnet, 'list the offers', () =>
  Promise.all(
    sellers.map((s) =>
      sendTx(
        s.address,
        market,
        marketInterface.encodeFunctionData('listOffer', [OFFER_WH, price, chainNow + 7 * 86_400]),
        GAS.list,
      ),
    ),
  ),
);
const offers = listed.map((receipt) => {
  const log = receipt.logs.find((l) => l.address.toLowerCase() === market.toLowerCase());
  return BigInt(marketInterface.parseLog(log as never)?.args.offerId);
});
// From here on, blocks come only when this process mines them.
await request('evm_setAutomine', [false]);

send({
  kind: 'ready',
  rpcUrl: devnet.rpcUrl,
  chainId: devnet.chainId,
  deployment: devnet.deployment,
  sellers: sellers.length,
  buyers: buyers.length,
});

process.on('message', async (message: ToChain) => {
  if (message.kind !== 'go') return;
  const { seconds, rate, blockMs } = message;
  const start = Date.now();
  const end = start + seconds * 1000;
  let sent = 0;
  let failedToSend = 0;
  let nextBlockAt = start + blockMs;
  const buy = (n: number) => {
    const buyer = buyers[n % buyers.length] as (typeof buyers)[number];
    const offerId = offers[n % offers.length] as bigint;
    const energyWh = BigInt(100 + ((n * 7919) % 500));
    const data = marketInterface.encodeFunctionData('buy', [offerId, energyWh]);
    return sendTx(buyer.address, market, data, GAS.buy, quoteWei(energyWh, price)).catch(() => {
      failedToSend += 1;
    });
  };
  // Purchases arrive evenly (every 50 ms, as many as the rate asks by then); a block every blockMs.
  while (Date.now() < end) {
    const due = Math.floor(((Date.now() - start) * rate) / 1000) - sent;
    if (due > 0) {
      const batch = Array.from({ length: due }, (_, i) => buy(sent + i));
      sent += due;
      await Promise.all(batch);
    }
    if (Date.now() >= nextBlockAt) {
      // After a slow block the next comes blockMs after this one began, not at once to catch up.
      nextBlockAt = Math.max(nextBlockAt, Date.now()) + blockMs;
      await mine();
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(50, nextBlockAt - Date.now()))));
  }
  // What was sent goes in: the run ends on a block holding every purchase.
  await mine();
  for (let extra = 0; extra < 5; extra++) {
    const pending = (await request('eth_getBlockByNumber', ['pending', false])) as { transactions: string[] };
    if (pending.transactions.length === 0) break;
    await mine();
  }
  send({ kind: 'done', sent, failedToSend });
});

async function mine(): Promise<void> {
  const mineStartedAt = Date.now();
  await request('evm_mine');
  const minedAt = Date.now();
  const block = (await request('eth_getBlockByNumber', ['latest', false])) as {
    number: string;
    timestamp: string;
    transactions: string[];
    gasUsed: string;
    gasLimit: string;
  };
  const logs = (await request('eth_getLogs', [
    { fromBlock: block.number, toBlock: block.number, address: market, topics: [TRADE_OPENED] },
  ])) as unknown[];
  send({
    kind: 'block',
    block: {
      number: Number(block.number),
      timestamp: Number(block.timestamp),
      minedAt,
      mineMs: minedAt - mineStartedAt,
      trades: logs.length,
      transactions: block.transactions.length,
      gasUsed: Number(block.gasUsed),
      gasLimit: Number(block.gasLimit),
    },
  });
}

process.on('disconnect', () => {
  void devnet.stop().then(() => process.exit(0));
});
