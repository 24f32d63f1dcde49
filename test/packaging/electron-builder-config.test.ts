// electron-builder.yml, checked as far as possible without the Electron binary or the target tools
// (neither can be downloaded here): electron-builder's own loader and JSON-schema validation, then
// the properties the issue asks for. `npm run dist` itself runs on a machine with internet.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

// biome-ignore lint/suspicious/noExplicitAny: electron-builder's configuration is read field by field
type Config = Record<string, any>;
const loadConfig = async (): Promise<Config> => getConfig(root);
const validate = (config: unknown) => validateConfiguration(config, new DebugLogger(false));

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validate(await loadConfig())).resolves.toBeUndefined();
  });

  it('is checked by a validator that does reject a wrong option', async () => {
    const config = await loadConfig();
    await expect(validate({ ...config, electronFuses: { runAsNodes: false } })).rejects.toThrow(
      /configuration\.electronFuses/,
    );
  });

  it('names the app and builds AppImage + deb, NSIS and dmg', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('energy.gridkeeper.app');
    expect(config.productName).toBe('Gridkeeper');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('flips every fuse the checklist asks for', async () => {
    expect((await loadConfig()).electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('publishes nothing and configures no update feed', async () => {
    const config = await loadConfig();
    expect(config.publish).toBeNull();
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty('electron-updater');
  });

  it('packs the build from asar and rebuilds native modules for Electron', async () => {
    const config = await loadConfig();
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    expect(JSON.stringify(config.files)).toContain('"out/**/*"');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.scripts.dist).toMatch(/electron-vite build && electron-builder/);
  });

  it('installs the Ledger udev rules with the deb and ships them with every Linux build', async () => {
    const config = await loadConfig();
    const [mapping] = config.deb.fpm as string[];
    const [source, target] = (mapping ?? '').split('=');
    expect(target).toBe('/etc/udev/rules.d/20-ledger.rules');
    expect(existsSync(join(root, source ?? '')), `${source} exists`).toBe(true);
    expect(config.extraResources).toContainEqual(
      expect.objectContaining({ from: 'resources/udev', to: 'udev' }),
    );
  });

  it('has icons at the sizes each platform needs', async () => {
    const config = await loadConfig();
    const size = (file: string) => {
      const png = readFileSync(join(root, file));
      expect(png.subarray(1, 4).toString(), file).toBe('PNG');
      return [png.readUInt32BE(16), png.readUInt32BE(20)];
    };
    expect(size(config.mac.icon)).toEqual([1024, 1024]);
    expect(size(config.win.icon)).toEqual([256, 256]);
    for (const px of [16, 32, 48, 64, 128, 256, 512]) {
      expect(size(join(config.linux.icon, `${px}x${px}.png`))).toEqual([px, px]);
    }
  });
});
