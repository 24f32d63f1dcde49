import { getAddress, getBytes, hexlify, type JsonRpcProvider, ZeroAddress, zeroPadValue } from 'ethers';
import { GridkeeperError } from '../../api/contract/errors';
import { guardInterface, marketCreationCode } from '../abis';
import { SAFE_CONTRACT_BUILDS, SAFE_PROXY_RUNTIME } from '../safe-artifacts';
import type { SafeContractAddresses, SafeSetup } from '../types';

/**
 * Whether `actual` is `expected` with its immutables filled in: every byte that differs lies in a
 * 32-byte word that is zero in `expected` (an immutable's placeholder) and holds one of `immutables`
 * (addresses, left-padded) in `actual`.
 */
export function sameCodeAllowingImmutables(actual: string, expected: string, immutables: string[]): boolean {
  const a = getBytes(actual);
  const e = getBytes(expected);
  if (a.length !== e.length || a.length === 0) return false;
  const allowed = new Set(immutables.map((v) => zeroPadValue(v, 32).toLowerCase()));
  const zeroWord = (p: number) => e.subarray(p, p + 32).every((b) => b === 0);
  let i = 0;
  while (i < a.length) {
    if (a[i] === e[i]) {
      i++;
      continue;
    }
    let filled = -1;
    for (let p = Math.max(0, i - 31); p <= i && p + 32 <= a.length; p++) {
      if (zeroWord(p) && allowed.has(hexlify(a.subarray(p, p + 32)))) {
        filled = p;
        break;
      }
    }
    if (filled < 0) return false;
    i = filled + 32;
  }
  return true;
}

/** The runtime part of a creation code whose runtime is `length` bytes long (solc puts it last). */
const runtimeOf = (creation: string, length: number) => hexlify(getBytes(creation).slice(-length));

/** What the code at `address` is, when it is one of the Safe's contracts under another name. */
function whatItIs(code: string, address: string): string | null {
  for (const { name, deployedBytecode: candidates } of Object.values(SAFE_CONTRACT_BUILDS)) {
    if (candidates.some((c) => sameCodeAllowingImmutables(code, c, [address]))) return name;
  }
  return null;
}

const mismatch = (role: string, address: string, message: string) =>
  new GridkeeperError(
    'DEPLOYMENT_MISMATCH',
    `The deployment record names ${getAddress(address)} as the ${role}, but ${message}. Nothing of this record is used.`,
    { address: getAddress(address), role },
  );

/**
 * Checks every contract a deployment record names against the code it must have, before the record
 * is used: the Safe's contracts against Safe's own build (immutables: the contract's own address),
 * the Safe proxy and its singleton, the market's contracts against the project's build (immutables:
 * the record's own addresses), and the ConsortiumGuard (it guards this Safe with this
 * MultiSendCallOnly). A mismatch throws DEPLOYMENT_MISMATCH naming the address.
 */
export async function verifyDeploymentCode(
  provider: Pick<JsonRpcProvider, 'getCode' | 'getStorage' | 'call'>,
  setup: SafeSetup,
  paymentToken: string = ZeroAddress,
): Promise<void> {
  const codeAt = async (role: string, address: string) => {
    const code = await provider.getCode(address);
    if (code === '0x') throw mismatch(role, address, 'there is no contract there');
    return code;
  };

  for (const [role, spec] of Object.entries(SAFE_CONTRACT_BUILDS) as [
    keyof SafeContractAddresses,
    (typeof SAFE_CONTRACT_BUILDS)[keyof SafeContractAddresses],
  ][]) {
    const address = setup.contracts[role];
    const code = await codeAt(spec.name, address);
    if (!spec.deployedBytecode.some((c) => sameCodeAllowingImmutables(code, c, [address]))) {
      const actually = whatItIs(code, address);
      throw mismatch(
        spec.name,
        address,
        actually ? `the code there is ${actually}` : `the code there is not Safe's v1.4.1 ${spec.name}`,
      );
    }
  }

  const safe = setup.safe.address;
  if (!sameCodeAllowingImmutables(await codeAt('Safe', safe), SAFE_PROXY_RUNTIME, [])) {
    throw mismatch('Safe', safe, 'the code there is not a Safe v1.4.1 proxy');
  }
  const singleton = getAddress(`0x${(await provider.getStorage(safe, 0)).slice(-40)}`);
  if (singleton !== getAddress(setup.contracts.safeSingletonAddress)) {
    throw mismatch(
      'Safe',
      safe,
      `its singleton is ${singleton}, not the recorded ${getAddress(setup.contracts.safeSingletonAddress)}`,
    );
  }

  const { registry, token, market } = setup.market;
  const immutables = [registry, token, market, paymentToken];
  const marketContracts = [
    ['prosumer registry (ProsumerRegistry)', registry, marketCreationCode.registry],
    ['energy token (EnergyToken)', token, marketCreationCode.token],
    ['energy market (EnergyMarket)', market, marketCreationCode.market],
  ] as const;
  for (const [role, address, creation] of marketContracts) {
    const code = await codeAt(role, address);
    const length = getBytes(code).length;
    if (!sameCodeAllowingImmutables(code, runtimeOf(creation, length), immutables)) {
      const actually = whatItIs(code, address);
      throw mismatch(
        role,
        address,
        actually
          ? `the code there is ${actually}`
          : "the code there is not this version's build of it, pointing at the record's contracts",
      );
    }
  }

  if (setup.guard) {
    const guard = setup.guard;
    await codeAt('ConsortiumGuard', guard);
    const read = async (fn: 'safe' | 'multiSendCallOnly') => {
      try {
        const result = await provider.call({
          to: guard,
          data: guardInterface.encodeFunctionData(fn),
        });
        return getAddress(guardInterface.decodeFunctionResult(fn, result)[0] as string);
      } catch {
        return null;
      }
    };
    const [guarded, batches] = [await read('safe'), await read('multiSendCallOnly')];
    if (guarded !== getAddress(safe) || batches !== getAddress(setup.contracts.multiSendCallOnlyAddress)) {
      throw mismatch(
        'ConsortiumGuard',
        guard,
        `it guards ${guarded ?? 'no Safe'} with ${batches ?? 'no MultiSendCallOnly'}, not this Safe ${getAddress(safe)} with ${getAddress(setup.contracts.multiSendCallOnlyAddress)}`,
      );
    }
  }
}
