import { Interface, type InterfaceAbi } from 'ethers';
import { ConsortiumGuard, EnergyMarket, EnergyToken, ProsumerRegistry } from '../chain';
import { SAFE_ABIS } from './safe-artifacts';

/** ABIs come from one build each: the Safe's npm artifacts and the project's contract artifacts. */
export const safeAbi = SAFE_ABIS.SafeL2 as InterfaceAbi;
export const safeInterface = new Interface(safeAbi);
export const multiSendCallOnlyInterface = new Interface(SAFE_ABIS.MultiSendCallOnly as InterfaceAbi);
export const simulateTxAccessorInterface = new Interface(SAFE_ABIS.SimulateTxAccessor as InterfaceAbi);

export const registryInterface = new Interface(ProsumerRegistry.abi as InterfaceAbi);
export const marketInterface = new Interface(EnergyMarket.abi as InterfaceAbi);
export const tokenInterface = new Interface(EnergyToken.abi as InterfaceAbi);
export const guardInterface = new Interface(ConsortiumGuard.abi as InterfaceAbi);

/** The market's creation code, as built (its runtime code is the tail, immutables left as zeros). */
export const marketCreationCode = {
  registry: ProsumerRegistry.bytecode,
  token: EnergyToken.bytecode,
  market: EnergyMarket.bytecode,
} as const;
