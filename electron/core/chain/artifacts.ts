import type { InterfaceAbi } from 'ethers';
import ConsortiumGuardJson from './market-artifacts/ConsortiumGuard.json' with { type: 'json' };
import EnergyMarketJson from './market-artifacts/EnergyMarket.json' with { type: 'json' };
import EnergyTokenJson from './market-artifacts/EnergyToken.json' with { type: 'json' };
import ProsumerRegistryJson from './market-artifacts/ProsumerRegistry.json' with { type: 'json' };

/** What the app needs of a market contract's build: enough to decode its calls and to deploy it. */
export interface MarketArtifact {
  contractName: string;
  abi: InterfaceAbi;
  bytecode: string;
}

export const ProsumerRegistry: MarketArtifact = ProsumerRegistryJson as MarketArtifact;
export const EnergyToken: MarketArtifact = EnergyTokenJson as MarketArtifact;
export const EnergyMarket: MarketArtifact = EnergyMarketJson as MarketArtifact;
/** The consortium's Safe transaction guard (contracts/ConsortiumGuard.sol). */
export const ConsortiumGuard: MarketArtifact = ConsortiumGuardJson as MarketArtifact;
