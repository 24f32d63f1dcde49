import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/log';
import { openStore } from '../store';
import { openSafeConcern } from './concern';
import type { CrashChildConfig, CrashPoint } from './testing/crash-child';
import { devnetOwners, startSafeDevnet } from './testing/devnet-setup';
import { serializeSetup } from './testing/support';

const CHILD = join(import.meta.dirname, 'testing', 'crash-child.ts');
let chain: Awaited<ReturnType<typeof startSafeDevnet>>;
let owners: ReturnType<typeof devnetOwners>;
let dir: string;
let snapshot: string;
beforeAll(async () => {
  chain = await startSafeDevnet();
  owners = devnetOwners(chain);
});
afterAll(() => chain?.stop());
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gk-crash-'));
  snapshot = await chain.snapshot();
});
afterEach(async () => {
  rmSync(dir, { recursive: true, force: true });
  await chain.revert(snapshot);
});

/** Runs one step in a separate core process and SIGKILLs it at `freezeAt`; resolves once it is dead. */
function runAndKill(
  config: Omit<CrashChildConfig, 'rpcUrl' | 'setup' | 'dbFile'>,
  dbFile: string,
): Promise<string> {
  const full: CrashChildConfig = {
    ...config,
    rpcUrl: chain.rpcUrl,
    setup: serializeSetup(chain.setup),
    dbFile,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(full)], {
      cwd: join(import.meta.dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(`FROZEN ${config.freezeAt}`)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && out.includes(`FROZEN ${config.freezeAt}`)) resolve(out);
      else reject(new Error(`child did not freeze at ${config.freezeAt}: ${out} ${err}`.slice(0, 2000)));
    });
  });
}

async function prepare(signatures: number) {
  const dbFile = join(dir, 'chain.sqlite');
  const db = openStore(dbFile);
  const { flow } = await openSafeConcern({ db, setup: chain.setup, provider: chain.provider });
  const state = await flow.refreshState();
  const proposal = await flow.proposeRejection(state.nonce, { proposer: owners[0]!.address });
  for (const owner of owners.slice(0, signatures)) await flow.sign(proposal.safeTxHash, owner);
  db.close();
  return { dbFile, safeTxHash: proposal.safeTxHash, nonce: state.nonce };
}

describe('crash safety: a core process killed between two steps loses and duplicates nothing', () => {
  it('killed between signing and storing the signature: nothing half-written, the owner signs again once', async () => {
    const { dbFile, safeTxHash } = await prepare(0);
    await runAndKill(
      { safeTxHash, ownerKey: chain.owners[1]!.privateKey, freezeAt: 'after-sign' satisfies CrashPoint },
      dbFile,
    );

    const db = openStore(dbFile);
    const { flow, auditLog } = await openSafeConcern({ db, setup: chain.setup, provider: chain.provider });
    expect(flow.store.getProposal(safeTxHash)).toMatchObject({ status: 'open' });
    expect(flow.store.signatures(safeTxHash)).toEqual([]);
    expect(flow.store.openActions()).toEqual([]);
    expect(auditLog.list({ limit: 1 })[0]).toMatchObject({
      kind: 'ACTION_ABANDONED',
      actor: owners[1]!.address,
    });

    await flow.sign(safeTxHash, owners[1]!);
    await flow.sign(safeTxHash, owners[1]!);
    expect(flow.store.signatures(safeTxHash).map((s) => s.owner)).toEqual([owners[1]!.address]);
    expect(auditLog.verify().ok).toBe(true);
    db.close();
  });

  it('killed between broadcasting the execution and recording it: the restart records it from the chain, once', async () => {
    const { dbFile, safeTxHash, nonce } = await prepare(2);
    const executor = owners[2]!.address;
    const accountNonce = await chain.provider.getTransactionCount(executor);
    await runAndKill(
      { safeTxHash, ownerKey: chain.owners[2]!.privateKey, freezeAt: 'after-broadcast' },
      dbFile,
    );

    const crashed = openStore(dbFile);
    const [action] = crashed.prepare(`SELECT * FROM safe_pending_actions WHERE action = 'execute'`).all() as {
      state: string;
      chain_tx_hash: string;
    }[];
    expect(action).toMatchObject({ state: 'sent' });
    expect(
      crashed.prepare('SELECT status FROM safe_proposals WHERE safe_tx_hash = ?').get(safeTxHash),
    ).toEqual({ status: 'executing' });
    crashed.close();

    const db = openStore(dbFile);
    const { flow, auditLog } = await openSafeConcern({ db, setup: chain.setup, provider: chain.provider });
    const receipt = await chain.provider.getTransactionReceipt(action!.chain_tx_hash);
    expect(flow.store.getProposal(safeTxHash)).toMatchObject({
      status: 'executed',
      executedTxHash: action!.chain_tx_hash,
      executedBlock: receipt!.blockNumber,
    });
    expect((await flow.refreshState()).nonce).toBe(nonce + 1n);
    expect(await chain.provider.getTransactionCount(executor)).toBe(accountNonce + 1);
    expect(flow.store.openActions()).toEqual([]);
    expect(
      auditLog
        .list()
        .map((e) => e.kind)
        .slice(0, 2),
    ).toEqual(['EXECUTED', 'EXECUTING']);
    expect(auditLog.verify().ok).toBe(true);
    db.close();
  });

  it('killed after signing the execution but before sending it: nothing was sent, it can be executed again', async () => {
    const { dbFile, safeTxHash, nonce } = await prepare(2);
    await runAndKill(
      { safeTxHash, ownerKey: chain.owners[2]!.privateKey, freezeAt: 'after-tx-signed' },
      dbFile,
    );

    const db = openStore(dbFile);
    const { flow, auditLog } = await openSafeConcern({ db, setup: chain.setup, provider: chain.provider });
    expect(flow.store.getProposal(safeTxHash)).toMatchObject({ status: 'open' });
    expect((await flow.refreshState()).nonce).toBe(nonce);
    const done = await flow.execute(safeTxHash, owners[2]!);
    expect(done).toMatchObject({ status: 'executed' });
    expect((await flow.refreshState()).nonce).toBe(nonce + 1n);
    expect(new AuditLog(db).verify().ok).toBe(true);
    expect(auditLog.list().some((e) => e.kind === 'ACTION_ABANDONED')).toBe(true);
    db.close();
  });
});
