import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcClient } from '../chain/rpc-client';
import { randomSource } from '../devnet/random';
import { silentLogger } from '../ports/logger';
import { openStore } from '../store';
import { storeDigest } from './digest';
import { MarketIndexer } from './market-indexer';
import { type MarketChain, runScenario, startMarketChain } from './testing/market-chain';

const CHILD = join(import.meta.dirname, 'testing', 'indexer-child.ts');
const KILLS = 20;
let chain: MarketChain;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gk-indexer-kill-'));
  chain = await startMarketChain();
  await runScenario(chain, { prosumers: 6, offers: 8, trades: 16 }, 2);
  // Quiet blocks after the activity: enough backfill left for every kill to land inside it.
  await chain.mine(150);
  await runScenario(chain, { prosumers: 3, offers: 3, trades: 4, firstAccount: 12 }, 3);
});
afterAll(async () => {
  await chain?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function indexedBlock(file: string): number {
  try {
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('SELECT indexed_block FROM indexer_checkpoint').get() as
        | { indexed_block: number }
        | undefined;
      return row?.indexed_block ?? -1;
    } finally {
      db.close();
    }
  } catch {
    return -1;
  }
}

/** Runs the child; kills it with SIGKILL once `killWhen` says so. Resolves with how it ended. */
function runChild(
  args: object,
  file: string,
  killWhen: (elapsedMs: number) => boolean,
): Promise<'killed' | 'done'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const started = Date.now();
    let killed = false;
    const timer = setInterval(() => {
      if (!killed && killWhen(Date.now() - started)) {
        killed = true;
        child.kill('SIGKILL');
      }
    }, 5);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('done');
      else reject(new Error(`indexer child failed (${code}): ${stderr.slice(-2000)}`));
    });
    void file;
  });
}

describe('market indexer under kill -9', () => {
  it(`ends in the digest of a clean run after being killed ${KILLS} times during backfill`, async () => {
    const target = await chain.blockNumber();
    const confirmations = 8;
    const clean = openStore(join(dir, 'clean.sqlite'));
    await new MarketIndexer({
      db: clean,
      rpc: new RpcClient({ urls: [chain.rpcUrl], log: silentLogger }),
      chainId: chain.chainId,
      contracts: chain.contracts,
      deploymentBlock: chain.deploymentBlock,
      log: silentLogger,
      confirmations,
    }).syncTo(target);
    const expected = storeDigest(clean);
    clean.close();

    const file = join(dir, 'killed.sqlite');
    const args = {
      rpcUrl: chain.rpcUrl,
      dbFile: file,
      chainId: chain.chainId,
      contracts: chain.contracts,
      deploymentBlock: chain.deploymentBlock,
      target,
      confirmations,
    };
    const random = randomSource(11);
    const checkpoints: number[] = [];
    let kills = 0;
    for (let attempt = 0; kills < KILLS && attempt < KILLS * 3; attempt++) {
      // Kill at a random indexed block ahead of the checkpoint (inside the backfill), or, every
      // fourth time, at a random moment of the start-up (migrations, the seed read, the first ranges).
      const from = indexedBlock(file);
      const killAt = from + 1 + Math.floor(random() * 8);
      const atStartup = attempt % 4 === 3;
      const startupMs = 150 + random() * 600;
      const outcome = await runChild(args, file, (elapsed) =>
        atStartup ? elapsed >= startupMs : indexedBlock(file) >= killAt,
      );
      checkpoints.push(indexedBlock(file));
      if (outcome === 'killed') kills++;
      else break;
    }
    expect(kills).toBe(KILLS);
    // The checkpoint moved between kills: each restart resumed rather than starting over.
    expect(new Set(checkpoints).size).toBeGreaterThan(5);
    if (indexedBlock(file) < target) expect(await runChild(args, file, () => false)).toBe('done');
    const db = openStore(file);
    expect(storeDigest(db)).toBe(expected);
    db.close();
  }, 240_000); // 20 child processes started and killed: 16–60 s on 2 cores, depending on load
});
