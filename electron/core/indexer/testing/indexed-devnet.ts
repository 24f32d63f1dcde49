// The seeded training network with its market store indexed up to the head (indexer live), in a
// temporary directory: what the market read side's devnet tests start from.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiInput, type ApiOutput, apiContract } from '../../api/contract';
import { EventBus } from '../../api/event-bus';
import { RpcClient } from '../../chain';
import { type Devnet, startDevnet } from '../../devnet';
import { Notices } from '../../notices';
import { silentLogger } from '../../ports/logger';
import { type MarketConcern, openMarketConcern } from '../concern';

export interface IndexedDevnet {
  devnet: Devnet;
  concern: MarketConcern;
  close(): Promise<void>;
}

export async function startIndexedDevnet(
  options: { events?: EventBus; timeoutMs?: number } = {},
): Promise<IndexedDevnet> {
  const dir = mkdtempSync(join(tmpdir(), 'gk-indexed-'));
  const devnet = await startDevnet({ seed: 'full' });
  const events = options.events ?? new EventBus();
  const concern = openMarketConcern({
    dataDir: dir,
    chainId: devnet.chainId,
    genesisHash: devnet.genesisHash,
    rpc: new RpcClient({ urls: [devnet.rpcUrl], log: silentLogger }),
    deployment: { ...devnet.market, safe: devnet.safe.address },
    confirmations: 3,
    events,
    notices: new Notices(events),
    log: silentLogger,
  });
  const close = async () => {
    await concern.close();
    await devnet.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await untilIndexed(concern, await devnet.provider.getBlockNumber(), options.timeoutMs);
  } catch (error) {
    await close();
    throw error;
  }
  return { devnet, concern, close };
}

/** Waits until the indexer is live with `block` stored. */
export async function untilIndexed(concern: MarketConcern, block: number, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (concern.indexer.status().indexedBlock < block || concern.indexer.status().phase !== 'live') {
    if (Date.now() > until) throw new Error(`indexer stuck: ${JSON.stringify(concern.indexer.status())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Calls a channel of `handlers` the way the router does: its input parsed by the channel's schema first. */
export function callerOf<H extends object>(handlers: () => H) {
  return async <C extends keyof H & keyof typeof apiContract>(
    name: C,
    input: ApiInput<C>,
  ): Promise<ApiOutput<C>> => {
    const parsed = apiContract[name].input.parse(input);
    const handler = handlers()[name] as (
      input: unknown,
      ctx: { signal: AbortSignal },
    ) => Promise<ApiOutput<C>>;
    return handler(parsed, { signal: new AbortController().signal });
  };
}
