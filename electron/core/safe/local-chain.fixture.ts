// Throwaway: a local chain with the Safe contracts only, until electron/core/devnet lands.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContractFactory, Interface, JsonRpcProvider, NonceManager, Wallet, ZeroAddress } from 'ethers';
import { network } from 'hardhat';
import { TEST_OWNER_KEYS } from './testing/support';
import type { SafeSetup } from './types';

const art = (p: string) =>
  import(`@safe-global/safe-contracts/build/artifacts/contracts/${p}`, { with: { type: 'json' } }).then(
    (m) => m.default as { abi: unknown[]; bytecode: string },
  );

export async function startLocalChain() {
  const conn = await network.create();
  const eip = conn.provider;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString());
      const one = async (r: { id: unknown; method: string; params?: unknown[] }) => {
        try {
          return {
            jsonrpc: '2.0',
            id: r.id,
            result: await eip.request({ method: r.method, params: r.params ?? [] }),
          };
        } catch (e) {
          const err = e as { code?: number; message: string; data?: unknown };
          return {
            jsonrpc: '2.0',
            id: r.id,
            error: { code: err.code ?? -32603, message: err.message, data: err.data },
          };
        }
      };
      const out = Array.isArray(body) ? await Promise.all(body.map(one)) : await one(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const rpcUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new JsonRpcProvider(rpcUrl, undefined, { cacheTimeout: -1, staticNetwork: true });
  const [funder] = (await eip.request({ method: 'eth_accounts' })) as string[];
  const deployer = new NonceManager(
    new Wallet('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', provider),
  );
  void funder;
  const deploy = async (path: string, args: unknown[] = []) => {
    const a = await art(path);
    const c = await new ContractFactory(a.abi as never, a.bytecode, deployer).deploy(...args);
    await c.waitForDeployment();
    return c;
  };
  const singleton = await deploy('SafeL2.sol/SafeL2.json');
  const factory = await deploy('proxies/SafeProxyFactory.sol/SafeProxyFactory.json');
  const multiSend = await deploy('libraries/MultiSend.sol/MultiSend.json');
  const multiSendCallOnly = await deploy('libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json');
  const fallback = await deploy('handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json');
  const signMessageLib = await deploy('libraries/SignMessageLib.sol/SignMessageLib.json');
  const createCall = await deploy('libraries/CreateCall.sol/CreateCall.json');
  const simulate = await deploy('accessors/SimulateTxAccessor.sol/SimulateTxAccessor.json');
  const owners = TEST_OWNER_KEYS.map((k) => new Wallet(k));
  const safeAbi = new Interface((await art('SafeL2.sol/SafeL2.json')).abi as never);
  const setupData = safeAbi.encodeFunctionData('setup', [
    owners.map((o) => o.address),
    2,
    ZeroAddress,
    '0x',
    await fallback.getAddress(),
    ZeroAddress,
    0,
    ZeroAddress,
  ]);
  const f = factory as unknown as {
    createProxyWithNonce: (
      s: string,
      d: string,
      n: number,
    ) => Promise<{ wait: () => Promise<{ logs: { topics: string[]; data: string; address: string }[] }> }>;
  };
  const receipt = await (await f.createProxyWithNonce(await singleton.getAddress(), setupData, 1)).wait();
  const factoryIface = factory.interface;
  const creation = receipt.logs.map((l) => factoryIface.parseLog(l)).find((l) => l?.name === 'ProxyCreation');
  const safeAddress = creation?.args[0] as string;
  for (const o of owners) await (await deployer.sendTransaction({ to: o.address, value: 10n ** 20n })).wait();
  const setup: SafeSetup = {
    safe: { chainId: 31337n, address: safeAddress, version: '1.4.1' },
    contracts: {
      safeSingletonAddress: await singleton.getAddress(),
      safeProxyFactoryAddress: await factory.getAddress(),
      multiSendAddress: await multiSend.getAddress(),
      multiSendCallOnlyAddress: await multiSendCallOnly.getAddress(),
      fallbackHandlerAddress: await fallback.getAddress(),
      signMessageLibAddress: await signMessageLib.getAddress(),
      createCallAddress: await createCall.getAddress(),
      simulateTxAccessorAddress: await simulate.getAddress(),
    },
    market: {
      registry: Wallet.createRandom().address,
      token: Wallet.createRandom().address,
      market: Wallet.createRandom().address,
    },
  };
  return {
    rpcUrl,
    provider,
    setup,
    snapshot: () => eip.request({ method: 'evm_snapshot' }) as Promise<string>,
    revert: (id: string) => eip.request({ method: 'evm_revert', params: [id] }),
    stop: async () => {
      provider.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await conn.close();
    },
  };
}
