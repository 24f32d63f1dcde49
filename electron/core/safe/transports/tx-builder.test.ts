import { encodeMultiSendData } from '@safe-global/protocol-kit';
import { id, Wallet, ZeroAddress } from 'ethers';
import { describe, expect, it } from 'vitest';
import { multiSendCallOnlyInterface } from '../abis';
import { encodeIntents } from '../build/encode';
import { offlineSetup, testOwners } from '../testing/support';
import type { SafeTxData } from '../types';
import {
  exportTxBuilderBatch,
  parseTxBuilderBatch,
  type TxBuilderBatch,
  txBuilderChecksum,
} from './tx-builder';

const setup = offlineSetup();
const state = { owners: testOwners().map((o) => o.address), threshold: 2 };
const applicants = [Wallet.createRandom().address, Wallet.createRandom().address];
const calls = encodeIntents(
  [
    { kind: 'admit', prosumer: applicants[0] as string, applicationHash: id('application 0') },
    {
      kind: 'reject',
      prosumer: applicants[1] as string,
      applicationHash: id('application 1'),
      reason: 'meter not found',
    },
    { kind: 'setMeterOracle', oracle: applicants[0] as string, authorised: false },
  ],
  setup,
  state,
);
const batchTx: SafeTxData = {
  to: setup.contracts.multiSendCallOnlyAddress,
  value: 0n,
  data: multiSendCallOnlyInterface.encodeFunctionData('multiSend', [
    encodeMultiSendData(calls.map((c) => ({ ...c, value: '0' }))),
  ]),
  operation: 1,
  safeTxGas: 0n,
  baseGas: 0n,
  gasPrice: 0n,
  gasToken: ZeroAddress,
  refundReceiver: ZeroAddress,
  nonce: 3n,
};
const now = new Date('2026-03-01T10:00:00Z');

describe('Safe{Wallet} Transaction Builder files', () => {
  it('exports a batch Safe{Wallet} can read (calls, methods, checksum) and reads it back to the same calls', () => {
    const file = exportTxBuilderBatch({ setup, tx: batchTx, title: 'Three decisions', now });
    const batch = JSON.parse(file.content) as TxBuilderBatch;
    expect(batch).toMatchObject({
      version: '1.0',
      chainId: '31337',
      meta: { name: 'Three decisions', createdFromSafeAddress: setup.safe.address },
    });
    expect(batch.meta.checksum).toBe(txBuilderChecksum(batch));
    expect(batch.transactions[1]).toMatchObject({
      contractMethod: { name: 'reject', payable: false },
      contractInputsValues: { reason: 'meter not found' },
    });
    expect(parseTxBuilderBatch(file.content, setup).calls).toEqual(calls);
  });

  it('encodes transactions given only as contract method and values', () => {
    const batch = JSON.parse(
      exportTxBuilderBatch({ setup, tx: batchTx, title: 'x', now }).content,
    ) as TxBuilderBatch;
    for (const tx of batch.transactions) tx.data = null;
    delete batch.meta.checksum;
    expect(parseTxBuilderBatch(JSON.stringify(batch), setup).calls).toEqual(calls);
  });

  it('refuses a changed file, another chain or Safe, and data that contradicts its method', () => {
    const content = exportTxBuilderBatch({ setup, tx: batchTx, title: 'x', now }).content;
    const edit = (change: (b: TxBuilderBatch) => void) => {
      const b = JSON.parse(content) as TxBuilderBatch;
      change(b);
      return JSON.stringify(b);
    };
    const cases: [string, RegExp][] = [
      [
        edit((b) => Object.assign(b.transactions[0] as object, { to: Wallet.createRandom().address })),
        /checksum does not match/,
      ],
      [edit((b) => Object.assign(b, { chainId: '137' })), /for chain 137/],
      [
        edit((b) =>
          Object.assign(b.meta, {
            createdFromSafeAddress: Wallet.createRandom().address,
            checksum: undefined,
          }),
        ),
        /made for the Safe/,
      ],
      [
        edit(
          (b) =>
            Object.assign(b.transactions[0] as object, { data: calls[1]?.data }) && delete b.meta.checksum,
        ),
        /data and its contract method say different things/,
      ],
      [edit((b) => Object.assign(b, { transactions: [] })), /Not a Transaction Builder batch/],
      ['{"version":', /not valid JSON/],
    ];
    for (const [file, message] of cases) {
      expect(() => parseTxBuilderBatch(file, setup), String(message)).toThrow(message);
    }
  });

  it('cannot express a delegatecall to anything but MultiSendCallOnly', () => {
    expect(() =>
      exportTxBuilderBatch({
        setup,
        tx: { ...batchTx, to: setup.contracts.multiSendAddress },
        title: 'x',
        now,
      }),
    ).toThrow(/Transaction Builder cannot express it/);
  });
});
