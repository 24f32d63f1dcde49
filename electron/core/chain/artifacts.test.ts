import { existsSync, readFileSync } from 'node:fs';
import { Interface } from 'ethers';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import * as exported from '../../../scripts/export-artifacts.mjs';
import { EnergyMarket, EnergyToken, ProsumerRegistry } from './artifacts';

const shippedByName: Record<string, unknown> = { EnergyMarket, EnergyToken, ProsumerRegistry };

const built = (name: string) => `artifacts/contracts/${name}.sol/${name}.json`;

describe('market artifacts shipped in core', () => {
  it.each(exported.MARKET_CONTRACTS as string[])(
    '%s matches the Hardhat build (run `npm run compile` if not)',
    (name) => {
      expect(existsSync(built(name)), `${built(name)} is missing: run \`npm run compile\``).toBe(true);
      const shipped = shippedByName[name];
      expect(`${JSON.stringify(shipped, null, 2)}\n`).toBe(exported.exportedArtifact(name));
    },
  );

  it('ships the test payment tokens as built', () => {
    expect(readFileSync(exported.PAYMENT_TOKEN_MOCKS_FILE, 'utf8')).toBe(
      exported.exportedPaymentTokenMocks(),
    );
  });

  it('exposes the functions the Safe flow governs', () => {
    const registry = new Interface(ProsumerRegistry.abi);
    const market = new Interface(EnergyMarket.abi);
    expect(registry.getFunction('admit')?.selector).toBeDefined();
    expect(market.getFunction('resolveDispute')?.format()).toBe('resolveDispute(uint256,uint16)');
    expect(registry.getFunction('admit')?.format()).toBe('admit(address,bytes32)');
    expect(market.getFunction('acceptOwnership')?.format()).toBe('acceptOwnership()');
  });
});
