import { encodeMultiSendData } from '@safe-global/protocol-kit';
import { getAddress, hexlify, id, randomBytes, ZeroAddress } from 'ethers';
import type { DemoKeySigner } from '../../signers/demo-key';
import {
  marketInterface,
  multiSendCallOnlyInterface,
  registryInterface,
  safeInterface,
  tokenInterface,
} from '../abis';
import type { Call } from '../build/encode';
import { SENTINEL_OWNERS } from '../build/encode';
import type { PolicyRuleId } from '../policy/verdict';
import { createBundle } from '../transports/bundle';
import { plainSafeCall, type SafeSetup, type SafeTxData } from '../types';
import { decodeSafeTx } from '../verify/decode';
import { hashSafeTx, safeTxTypedData } from '../verify/hash';

/** A transaction crafted to hand the Safe away, move its funds or burn a nonce, and the rule that refuses it. */
export interface CraftedTx {
  name: string;
  tx: SafeTxData;
  rule: PolicyRuleId;
  message: RegExp;
}

/** An address that a 6+4 display shows exactly as `address` (same first four and last four hex digits). */
export function lookAlike(address: string): string {
  return getAddress(
    `0x${address.slice(2, 6)}${hexlify(randomBytes(16)).slice(2)}${address.slice(-4)}`.toLowerCase(),
  );
}

/** A Safe transaction as Gridkeeper builds one (a call, no value, no gas fields), with `fields` over it. */
export function plainTx(fields: Pick<SafeTxData, 'to' | 'data' | 'nonce'> & Partial<SafeTxData>): SafeTxData {
  return { ...plainSafeCall(fields.to, fields.data), ...fields };
}

/** A bundle file of `tx` signed by `signers`, as an owner's Gridkeeper (or anyone's script) writes it. */
export async function signedBundle(
  setup: SafeSetup,
  tx: SafeTxData,
  signers: DemoKeySigner[],
  now = new Date(),
): Promise<string> {
  const decoded = decodeSafeTx(tx, setup);
  const signatures = await Promise.all(
    signers.map(async (s) => ({
      owner: s.address,
      data: await s.signSafeTx(safeTxTypedData(setup.safe, tx)),
      type: 'eip712' as const,
      source: 'local' as const,
      addedAt: now.toISOString(),
    })),
  );
  return createBundle({
    setup,
    tx,
    hashes: hashSafeTx(setup.safe, tx),
    title: decoded.title,
    intents: decoded.intents,
    signatures,
    threshold: 2,
    now,
  }).content;
}

export function batchData(calls: Call[]): string {
  return multiSendCallOnlyInterface.encodeFunctionData('multiSend', [
    encodeMultiSendData(
      calls.map((c) => ({ to: c.to, value: c.value.toString(), data: c.data, operation: c.operation })),
    ),
  ]);
}

/**
 * The policy-breaking transactions of the crafted-bundle suite, for one Safe: each one of the classes
 * the signing policy refuses (modules, guard, fallback handler, self-calls, refunds, nonce burning,
 * delegatecalls, foreign and look-alike targets, undecoded calls).
 */
export function craftedTransactions(
  setup: SafeSetup,
  opts: { nonce: bigint; attacker: string; prosumer: string },
): CraftedTx[] {
  const { attacker, prosumer, nonce } = opts;
  const safe = setup.safe.address;
  const admit: Call = {
    to: setup.market.registry,
    value: 0n,
    data: registryInterface.encodeFunctionData('admit', [prosumer, id(`application:${prosumer}`)]),
    operation: 0,
  };
  const tx = (over: Partial<SafeTxData>): SafeTxData =>
    plainTx({ to: admit.to, data: admit.data, nonce, ...over });
  const onSafe = (fn: string, args: unknown[]) =>
    tx({ to: safe, data: safeInterface.encodeFunctionData(fn, args) });
  const batch = (calls: Call[]) =>
    tx({ to: setup.contracts.multiSendCallOnlyAddress, operation: 1, data: batchData(calls) });
  const lookAlikeRegistry = lookAlike(setup.market.registry);
  return [
    {
      name: 'enableModule(attacker) on the Safe',
      tx: onSafe('enableModule', [attacker]),
      rule: 'safe-module',
      message: /calls enableModule\(0x[0-9a-fA-F]{40}\) on the Safe/,
    },
    {
      name: 'disableModule on the Safe',
      tx: onSafe('disableModule', [SENTINEL_OWNERS, attacker]),
      rule: 'safe-module',
      message: /calls disableModule/,
    },
    {
      name: 'enableModule hidden after an admission in a batch',
      tx: batch([
        admit,
        {
          to: safe,
          value: 0n,
          data: safeInterface.encodeFunctionData('enableModule', [attacker]),
          operation: 0,
        },
      ]),
      rule: 'safe-module',
      message: /Call 2 of the batch calls enableModule/,
    },
    {
      name: 'setGuard(attacker)',
      tx: onSafe('setGuard', [attacker]),
      rule: 'safe-guard',
      message: /sets the Safe's guard to 0x/,
    },
    {
      name: 'setGuard(0): removing the guard',
      tx: onSafe('setGuard', [ZeroAddress]),
      rule: 'safe-guard',
      message: /sets the Safe's guard to 0x0000000000000000000000000000000000000000/,
    },
    {
      name: 'setFallbackHandler(attacker)',
      tx: onSafe('setFallbackHandler', [attacker]),
      rule: 'safe-fallback-handler',
      message: /calls setFallbackHandler/,
    },
    {
      name: 'the Safe calling execTransaction on itself',
      tx: onSafe('execTransaction', [attacker, 1n, '0x', 0, 0n, 0n, 0n, ZeroAddress, ZeroAddress, '0x']),
      rule: 'safe-self-call',
      message: /calls execTransaction on the Safe itself/,
    },
    {
      name: 'the Safe calling approveHash on itself',
      tx: onSafe('approveHash', [`0x${'ab'.repeat(32)}`]),
      rule: 'safe-self-call',
      message: /calls approveHash on the Safe itself/,
    },
    {
      name: 'the Safe calling itself with an unknown selector',
      tx: tx({ to: safe, data: '0xdeadbeef' }),
      rule: 'safe-self-call',
      message: /calls 0xdeadbeef on the Safe itself/,
    },
    {
      name: `“Admit prosumer ${prosumer.slice(0, 6)}…${prosumer.slice(-4)}” paying a 20 POL refund`,
      tx: tx({ baseGas: 20n * 10n ** 18n, gasPrice: 1n, refundReceiver: attacker }),
      rule: 'gas-refund',
      message: /pays its executor from the Safe: gasPrice 1, gasToken 0x0{40}, refundReceiver 0x/,
    },
    {
      name: 'gas token refund at gasPrice 2^200',
      tx: tx({ baseGas: 1n, gasPrice: 2n ** 200n, gasToken: setup.market.token, refundReceiver: attacker }),
      rule: 'gas-refund',
      message: new RegExp(`gasPrice ${2n ** 200n}, gasToken ${setup.market.token}`),
    },
    {
      name: 'refundReceiver set with gasPrice 0',
      tx: tx({ refundReceiver: attacker }),
      rule: 'gas-refund',
      message: /gasPrice 0, gasToken 0x0{40}, refundReceiver 0x[0-9a-fA-F]{40}/,
    },
    {
      name: 'gasToken set with gasPrice 0',
      tx: tx({ gasToken: setup.market.token }),
      rule: 'gas-refund',
      message: /gasToken 0x[0-9a-fA-F]{40}/,
    },
    {
      name: 'safeTxGas 1: the call fails and the nonce burns',
      tx: tx({ safeTxGas: 1n }),
      rule: 'safe-tx-gas',
      message: /safeTxGas is 1/,
    },
    {
      name: 'delegatecall to MultiSend presented as a MultiSendCallOnly batch',
      tx: tx({ to: setup.contracts.multiSendAddress, operation: 1, data: batchData([admit]) }),
      rule: 'delegatecall',
      message: /run its own code as the Safe \(delegatecall\); only MultiSendCallOnly/,
    },
    {
      name: 'delegatecall to an unknown contract',
      tx: tx({ to: attacker, operation: 1, data: '0x' }),
      rule: 'delegatecall',
      message: /run its own code as the Safe/,
    },
    {
      name: 'delegatecall inside a batch',
      tx: batch([admit, { to: attacker, value: 0n, data: '0x', operation: 1 }]),
      rule: 'delegatecall',
      message: /Call 2 of the batch is a delegatecall to 0x/,
    },
    {
      name: 'value on the delegatecall of MultiSendCallOnly',
      tx: { ...batch([admit]), value: 1n },
      rule: 'malformed-batch',
      message: /attaches 1 wei to a delegatecall of MultiSendCallOnly/,
    },
    {
      name: 'batch with bytes after its last call',
      tx: { ...batch([admit]), data: `${batch([admit]).data}00` },
      rule: 'malformed-batch',
      message: /does not decode to a canonical batch/,
    },
    {
      name: '10 POL sent to a stranger',
      tx: tx({ to: attacker, value: 10n ** 19n, data: '0x' }),
      rule: 'unknown-target',
      message:
        /calls 0x[0-9a-fA-F]{40} with 10000000000000000000 wei, which is not a contract of this deployment/,
    },
    {
      name: `a look-alike of the registry (${lookAlikeRegistry})`,
      tx: tx({ to: lookAlikeRegistry }),
      rule: 'unknown-target',
      message: new RegExp(
        `calls ${lookAlikeRegistry}.*it looks like the prosumer registry ${setup.market.registry} but is not`,
      ),
    },
    {
      name: 'CreateCall (a deployment Safe contract that creates anything)',
      tx: tx({ to: setup.contracts.createCallAddress, data: '0x' }),
      rule: 'unknown-target',
      message: /looks like the Safe's createCall|not a contract of this deployment/,
    },
    {
      name: 'MultiSendCallOnly called, not delegatecalled',
      tx: tx({ to: setup.contracts.multiSendCallOnlyAddress, data: batchData([admit]) }),
      rule: 'unknown-target',
      message: /not a contract of this deployment/,
    },
    {
      name: 'energy token transfer from the Safe to the attacker',
      tx: tx({
        to: setup.market.token,
        data: tokenInterface.encodeFunctionData('transfer', [attacker, 10n ** 21n]),
      }),
      rule: 'undecoded-call',
      message: /transfer on the Energy token is not a decision Gridkeeper builds/,
    },
    {
      name: 'energy token allowance for the attacker',
      tx: tx({
        to: setup.market.token,
        data: tokenInterface.encodeFunctionData('approve', [attacker, 2n ** 256n - 1n]),
      }),
      rule: 'undecoded-call',
      message: /approve on the Energy token is not a decision/,
    },
    {
      name: 'energy token ownership handed to the attacker',
      tx: tx({
        to: setup.market.token,
        data: tokenInterface.encodeFunctionData('transferOwnership', [attacker]),
      }),
      rule: 'undecoded-call',
      message: /transferOwnership on the Energy token is not a decision/,
    },
    {
      name: 'admission with 1 POL attached',
      tx: tx({ value: 10n ** 18n }),
      rule: 'undecoded-call',
      message: /admit with 1000000000000000000 wei attached/,
    },
    {
      name: 'unknown function on the market',
      tx: tx({ to: setup.market.market, data: '0x12345678' }),
      rule: 'undecoded-call',
      message: /unknown function 0x12345678 on the Energy market/,
    },
    {
      name: 'dispute split above 100% (arguments out of range)',
      tx: tx({
        to: setup.market.market,
        data: marketInterface.encodeFunctionData('resolveDispute', [1n, 10_001n]),
      }),
      rule: 'undecoded-call',
      message: /resolveDispute with arguments outside what Gridkeeper accepts/,
    },
  ];
}
