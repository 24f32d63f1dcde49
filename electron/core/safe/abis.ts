import SimulateTxAccessorArtifact from '@safe-global/safe-contracts/build/artifacts/contracts/accessors/SimulateTxAccessor.sol/SimulateTxAccessor.json' with {
  type: 'json',
};
import MultiSendCallOnlyArtifact from '@safe-global/safe-contracts/build/artifacts/contracts/libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json' with {
  type: 'json',
};
import SafeL2Artifact from '@safe-global/safe-contracts/build/artifacts/contracts/SafeL2.sol/SafeL2.json' with {
  type: 'json',
};
import { Interface, type InterfaceAbi } from 'ethers';
import { EnergyMarket, EnergyToken, ProsumerRegistry } from '../chain';

/** ABIs come from one build each: the Safe's npm artifacts and the project's contract artifacts. */
export const safeAbi = SafeL2Artifact.abi as InterfaceAbi;
export const safeInterface = new Interface(safeAbi);
export const multiSendCallOnlyInterface = new Interface(MultiSendCallOnlyArtifact.abi as InterfaceAbi);
export const simulateTxAccessorInterface = new Interface(SimulateTxAccessorArtifact.abi as InterfaceAbi);

export const registryInterface = new Interface(ProsumerRegistry.abi as InterfaceAbi);
export const marketInterface = new Interface(EnergyMarket.abi as InterfaceAbi);
export const tokenInterface = new Interface(EnergyToken.abi as InterfaceAbi);
