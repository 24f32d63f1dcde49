// The bench's chain, in its own process (so the indexer's RSS is measured alone): an EDR chain with a
// bench-only contract that emits the market's real events in bulk (declared from the indexer's event
// catalog, so their topics are the ones the indexer decodes). Prints one JSON line
// { rpcUrl, market, deploymentBlock, head, events, tables } once the history is on chain, then serves it.
import { createRequire } from 'node:module';
import { BrowserProvider, ContractFactory } from 'ethers';
import { network } from 'hardhat';
import { EVENT_CATALOG } from '../electron/core/indexer/event-catalog';
import { serveJsonRpc } from '../electron/core/indexer/testing/market-chain';

const EMITTED = ['OfferListed', 'TradeOpened', 'TradeSettled'].map((name) => {
  const spec = EVENT_CATALOG.find((s) => s.name === name);
  if (!spec) throw new Error(`the event catalog has no ${name}`);
  return spec;
});

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;
/// Emits EnergyMarket's events with its exact signatures: offers listed, bought and settled.
contract BenchMarketEmitter {
${EMITTED.map((spec) => `    ${spec.fragment.format('full')};`).join('\n')}
    function emitTrades(uint256 firstId, uint256 count) external {
        for (uint256 i = firstId; i < firstId + count; i++) {
            address seller = address(uint160(0x1000 + (i % 500)));
            address buyer = address(uint160(0x2000 + (i % 700)));
            uint256 energyWh = 1000 + (i % 9000);
            uint256 price = 1e14 + (i % 1000) * 1e11;
            uint256 payment = (energyWh * price + 999) / 1000;
            emit OfferListed(i, seller, energyWh, price, uint64(block.timestamp + 86400), 100, 600);
            emit TradeOpened(i, i, seller, buyer, energyWh, payment, 100, uint64(block.timestamp + 600));
            if (i % 4 != 0) emit TradeSettled(i, payment - payment / 100, payment / 100, true);
        }
    }
}`;

const target = Number(process.argv[2] ?? 1_000_000);
const perTx = Number(process.argv[3] ?? 500);

const solc = createRequire(import.meta.url)('solc');
const output = JSON.parse(
  solc.compile(
    JSON.stringify({
      language: 'Solidity',
      sources: { 'Bench.sol': { content: SOURCE } },
      settings: {
        optimizer: { enabled: true, runs: 200 },
        evmVersion: 'cancun',
        outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
      },
    }),
  ),
);
const artifact = output.contracts['Bench.sol'].BenchMarketEmitter;
const conn = await network.create({ override: { blockGasLimit: 1_000_000_000n } } as never);
const eip = conn.provider as unknown as {
  request(a: { method: string; params?: unknown[] }): Promise<unknown>;
};
const provider = new BrowserProvider(eip, undefined, { cacheTimeout: -1 });
const signer = await provider.getSigner(0);
const factory = new ContractFactory(artifact.abi, artifact.evm.bytecode.object, signer);
const emitter = await factory.deploy();
await emitter.waitForDeployment();
const deploymentBlock = Number(await provider.getBlockNumber());
// History spread over time: each bulk block an hour after the previous one.
let timestamp = Number((await provider.getBlock('latest'))?.timestamp);
let events = 0;
let nextId = 1;
const from = await signer.getAddress();
const to = await emitter.getAddress();
while (events < target) {
  timestamp += 1200;
  await eip.request({ method: 'evm_setNextBlockTimestamp', params: [timestamp] });
  // Straight to the engine, no receipt parsing: the event count follows from the ids.
  await eip.request({
    method: 'eth_sendTransaction',
    params: [
      {
        from,
        to,
        gas: '0xf42400',
        data: emitter.interface.encodeFunctionData('emitTrades', [nextId, perTx]),
      },
    ],
  });
  for (let i = nextId; i < nextId + perTx; i++) events += i % 4 !== 0 ? 3 : 2;
  nextId += perTx;
}
const trades = nextId - 1;
const settled = trades - Math.floor(trades / 4);
/** Rows each event table must hold once the whole history is indexed. */
const tables = { offer_listed: trades, trade_opened: trades, trade_settled: settled };
const http = await serveJsonRpc(eip);
process.stdout.write(
  `${JSON.stringify({ rpcUrl: http.url, market: await emitter.getAddress(), deploymentBlock, head: Number(await provider.getBlockNumber()), events, tables })}\n`,
);
process.on('SIGTERM', async () => {
  await http.close();
  await conn.close();
  process.exit(0);
});
