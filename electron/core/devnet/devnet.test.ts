import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, HDNodeWallet, ZeroAddress } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketInterface, registryInterface, safeAbi, tokenInterface } from '../safe/abis';
import { type Devnet, startDevnet } from '.';
import { DEMO_MNEMONIC } from './keys';
import { DEVNET_RECORD_FILE, readDevnetRecord } from './record';

let devnet: Devnet;
let dataDir: string;
let startMs: number;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gk-devnet-'));
  const started = performance.now();
  devnet = await startDevnet({ seed: 'minimal', dataDir });
  startMs = performance.now() - started;
  console.log(`minimal devnet started in ${Math.round(startMs)} ms`);
});
afterAll(async () => {
  await devnet?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the training network ('minimal')", () => {
  it('serves a chain on 127.0.0.1 with the genesis it reports', async () => {
    expect(devnet.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await fetch(devnet.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] },
        { jsonrpc: '2.0', id: 2, method: 'eth_getBlockByNumber', params: ['0x0', false] },
        { jsonrpc: '2.0', id: 3, method: 'no_such_method', params: [] },
      ]),
    });
    const [chainId, genesis, unknown] = (await answer.json()) as [
      { result: string },
      { result: { hash: string } },
      { error: { code: number } },
    ];
    expect(Number(chainId.result)).toBe(devnet.chainId);
    expect(genesis.result.hash).toBe(devnet.genesisHash);
    expect(unknown.error.code).toBeLessThan(0);
    expect((await devnet.provider.getBlock('finalized'))?.number).toBeGreaterThan(0);
  });

  it('pushes new heads over WebSocket (eth_subscribe)', async () => {
    const ws = new WebSocket(devnet.wsUrl);
    const messages: { id?: number; result?: string; params?: { result: { number: string } } }[] = [];
    const next = (match: (m: (typeof messages)[number]) => boolean) =>
      new Promise<(typeof messages)[number]>((resolve) => {
        const check = () => {
          const found = messages.find(match);
          if (found) resolve(found);
          else setTimeout(check, 20);
        };
        check();
      });
    ws.onmessage = (event) => messages.push(JSON.parse(String(event.data)));
    await new Promise((resolve) => {
      ws.onopen = resolve;
    });
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] }));
    expect((await next((m) => m.id === 1)).result).toMatch(/^0x/);
    await devnet.provider.send('evm_mine', []);
    const head = await next((m) => m.params !== undefined);
    expect(Number(head.params?.result.number)).toBe(await devnet.provider.getBlockNumber());
    ws.close();
  });

  it('answers local programs only: no web page (Origin) and no rebound host name', async () => {
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(devnet.rpcUrl);
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            method: 'POST',
            headers: { 'content-type': 'text/plain', ...headers },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }));
      });
    expect(await status({})).toBe(200);
    expect(await status({ origin: 'https://example.com' })).toBe(403);
    expect(await status({ host: `rebound.example:${new URL(devnet.rpcUrl).port}` })).toBe(403);
  });

  it('has a 2-of-3 consortium Safe of the three demo owners, derived from the published demo mnemonic', async () => {
    const safe = new Contract(devnet.safe.address, safeAbi, devnet.provider);
    const owners = (await safe.getFunction('getOwners')()) as string[];
    expect([...owners].sort()).toEqual(devnet.owners.map((o) => o.address).sort());
    expect(await safe.getFunction('getThreshold')()).toBe(2n);
    expect(await safe.getFunction('VERSION')()).toBe('1.4.1');
    expect(devnet.owners.map((o) => o.label)).toEqual([
      'Demo owner 1 (demo key)',
      'Demo owner 2 (demo key)',
      'Demo owner 3 (demo key)',
    ]);
    const root = HDNodeWallet.fromPhrase(DEMO_MNEMONIC, undefined, "m/44'/60'/0'/0");
    expect(devnet.owners.map((o) => o.privateKey)).toEqual(
      [1, 2, 3].map((i) => root.deriveChild(i).privateKey),
    );
    for (const address of Object.values(devnet.safeContracts)) {
      expect(await devnet.provider.getCode(address)).not.toBe('0x');
    }
  });

  it('deploys the market owned by the Safe, paid in native POL, with the oracle authorised by the Safe', async () => {
    const { registry, token, market, paymentToken } = devnet.market;
    const ownerOf = (address: string) =>
      new Contract(address, ['function owner() view returns (address)'], devnet.provider).getFunction(
        'owner',
      )();
    for (const address of [registry, token, market]) expect(await ownerOf(address)).toBe(devnet.safe.address);
    const marketContract = new Contract(market, marketInterface, devnet.provider);
    expect(paymentToken).toBe(ZeroAddress);
    expect(await marketContract.getFunction('paymentToken')()).toBe(ZeroAddress);
    expect(await marketContract.getFunction('marketFeeBps')()).toBe(100n);
    expect(await marketContract.getFunction('disputeWindowSeconds')()).toBe(600n);
    expect(await marketContract.getFunction('lastTradeId')()).toBe(0n);
    const tokenContract = new Contract(token, tokenInterface, devnet.provider);
    expect(await tokenContract.getFunction('isMeterOracle')(devnet.oracle.address)).toBe(true);
    expect(await tokenContract.getFunction('market')()).toBe(market);
    const registryContract = new Contract(registry, registryInterface, devnet.provider);
    expect(await registryContract.getFunction('registrationFeeWei')()).toBe(10n ** 18n);
    // The oracle was authorised by a transaction of the Safe (signed by two demo owners).
    const [authorised] = await tokenContract.queryFilter(
      tokenContract.filters.MeterOracleSet!(),
      devnet.market.deploymentBlock,
    );
    const tx = await devnet.provider.getTransaction(authorised!.transactionHash);
    expect(tx?.to).toBe(devnet.safe.address);
  });

  it('writes the devnet record where the app finds it', () => {
    const record = readDevnetRecord(dataDir);
    expect(record).toMatchObject({
      rpcUrl: devnet.rpcUrl,
      genesisHash: devnet.genesisHash,
      pid: process.pid,
      deployment: {
        chainId: devnet.chainId,
        safe: devnet.safe.address,
        market: devnet.market.market,
        deploymentBlock: devnet.market.deploymentBlock,
        safeContracts: devnet.safeContracts,
      },
    });
    expect(devnet.recordFile).toBe(join(dataDir, DEVNET_RECORD_FILE));
    const text = readFileSync(devnet.recordFile!, 'utf8');
    for (const key of [...devnet.owners, devnet.oracle, devnet.deployer]) {
      expect(text).not.toContain(key.privateKey.slice(2));
    }
  });

  it('goes back to a snapshot', async () => {
    const id = await devnet.snapshot();
    const before = await devnet.provider.getBlockNumber();
    await devnet.provider.send('evm_mine', []);
    expect(await devnet.provider.getBlockNumber()).toBe(before + 1);
    await devnet.revert(id);
    expect(await devnet.provider.getBlockNumber()).toBe(before);
  });

  it('stops: the port closes and the record goes', async () => {
    const second = await startDevnet({ seed: 'minimal', dataDir: join(dataDir, 'second') });
    const file = second.recordFile!;
    expect(existsSync(file)).toBe(true);
    await second.stop();
    expect(existsSync(file)).toBe(false);
    await expect(fetch(second.rpcUrl, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});
