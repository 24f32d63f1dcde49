// An RPC that dies in the middle of a flow: the Safe flow goes through the app's one RPC layer, so
// it fails over to the network's next URL; with every URL dead it stops with RPC_UNAVAILABLE, and
// nothing is lost or half-recorded (the proposal, its signatures and the audit chain are intact,
// and the same step succeeds once an RPC answers again).
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Contract } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/log';
import { recordEvents } from '../audit/record-events';
import { RpcClient, type RpcStatus } from '../chain/rpc-client';
import { RpcProvider } from '../chain/rpc-provider';
import { type Devnet, startDevnet } from '../devnet';
import { silentLogger } from '../ports/logger';
import type { DemoKeySigner } from '../signers/demo-key';
import { openStore } from '../store';
import { registryInterface } from './abis';
import { SafeFlow } from './flow';
import { SafeQueueStore } from './queue/queue-store';
import { admitIntent, applyMany, devnetOwners, devnetSetup } from './testing/devnet-setup';

/** A forwarding RPC proxy that can die: after `dieAfter(n)` it drops the (n+1)th request unanswered and every one after. */
interface MortalRpc {
  url: string;
  requests: number;
  dieAfter(n: number): void;
  revive(): void;
  close(): Promise<void>;
}

async function mortalRpc(upstream: string): Promise<MortalRpc> {
  let budget = Number.POSITIVE_INFINITY;
  const sockets = new Set<Socket>();
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      state.requests++;
      if (budget-- <= 0) {
        req.socket.destroy(); // died mid-request: no answer, the connection just goes
        return;
      }
      const answer = await fetch(upstream, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(await answer.text());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return state.requests;
    },
    dieAfter(n) {
      budget = n;
    },
    revive() {
      budget = Number.POSITIVE_INFINITY;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

let devnet: Devnet;
let owners: DemoKeySigner[];
let applicants: string[];
const proxies: MortalRpc[] = [];

beforeAll(async () => {
  devnet = await startDevnet({ seed: 'minimal', simulate: false });
  owners = devnetOwners(devnet);
  applicants = await applyMany(devnet, devnet.provider, 2);
});
afterAll(async () => {
  for (const proxy of proxies) await proxy.close();
  await devnet?.stop();
});

async function machine() {
  const a = await mortalRpc(devnet.rpcUrl);
  const b = await mortalRpc(devnet.rpcUrl);
  proxies.push(a, b);
  const rpc = new RpcClient({
    urls: [a.url, b.url],
    log: silentLogger,
    chainId: devnet.chainId,
    maxAttempts: 4,
    baseBackoffMs: 20,
    maxBackoffMs: 100,
  });
  const statuses: RpcStatus[] = [];
  rpc.onStatus((s) => statuses.push(s));
  const db = openStore(':memory:');
  const store = new SafeQueueStore(db);
  const flow = new SafeFlow({
    store,
    setup: devnetSetup(devnet),
    provider: new RpcProvider(rpc, devnet.chainId, { pollingInterval: 100 }),
    txServiceUrl: null,
  });
  const audit = new AuditLog(db);
  recordEvents(flow.lifecycle, audit);
  return { a, b, flow, audit, statuses, store };
}

const statusOf = async (prosumer: string) => {
  const registry = new Contract(devnet.market.registry, registryInterface, devnet.provider);
  return Number((await registry.getFunction('prosumerOf')(prosumer))[0]);
};

describe('an RPC dies in the middle of a Safe flow', () => {
  it('fails over to the next URL while proposing, signing and executing', async () => {
    const m = await machine();
    m.a.dieAfter(2); // dies while the proposal is being built and simulated
    const proposal = await m.flow.propose(
      [await admitIntent(devnet, devnet.provider, applicants[0] as string)],
      {
        proposer: owners[0]!.address,
      },
    );
    expect(m.statuses).toMatchObject([{ state: 'failover', from: new URL(m.a.url).host }]);
    await m.flow.sign(proposal.safeTxHash, owners[0]!);
    await m.flow.sign(proposal.safeTxHash, owners[1]!);
    const done = await m.flow.execute(proposal.safeTxHash, owners[2]!);
    expect(done).toMatchObject({ status: 'executed' });
    expect(await statusOf(applicants[0] as string)).toBe(2);
    expect(m.audit.verify().ok).toBe(true);
  });

  it('stops with RPC_UNAVAILABLE when every URL is dead, half-records nothing, and succeeds once one answers', async () => {
    const m = await machine();
    const proposal = await m.flow.propose(
      [await admitIntent(devnet, devnet.provider, applicants[1] as string)],
      {
        proposer: owners[0]!.address,
      },
    );
    await m.flow.sign(proposal.safeTxHash, owners[0]!);
    await m.flow.sign(proposal.safeTxHash, owners[1]!);
    const entriesBefore = m.audit.verify().entries;
    m.a.dieAfter(0);
    m.b.dieAfter(0);
    await expect(m.flow.execute(proposal.safeTxHash, owners[2]!)).rejects.toMatchObject({
      code: 'RPC_UNAVAILABLE',
    });
    expect(m.statuses.at(-1)).toMatchObject({ state: 'down' });
    // What the store holds, read without the chain: still open, both signatures, no action left hanging.
    expect(m.store.getProposal(proposal.safeTxHash)?.status).toBe('open');
    expect(m.store.signatures(proposal.safeTxHash)).toHaveLength(2);
    expect(m.store.openActions()).toEqual([]);
    expect(await statusOf(applicants[1] as string)).toBe(1);
    const verification = m.audit.verify();
    expect(verification.ok).toBe(true);
    expect(verification.entries).toBeGreaterThanOrEqual(entriesBefore);

    m.b.revive();
    const done = await m.flow.execute(proposal.safeTxHash, owners[2]!);
    expect(done).toMatchObject({ status: 'executed' });
    expect(m.statuses.at(-1)).toMatchObject({ state: 'restored', host: new URL(m.b.url).host });
    expect(await statusOf(applicants[1] as string)).toBe(2);
    expect(m.audit.verify().ok).toBe(true);
  });
});
