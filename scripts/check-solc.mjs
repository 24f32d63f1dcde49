// Runs after `npm install`: the Solidity compiler must be the npm `solc` package at exactly the
// version hardhat.config.ts pins, because Hardhat loads it by path and does not compare versions.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const config = readFileSync(new URL('../hardhat.config.ts', import.meta.url), 'utf8');
const pinned = /SOLC_VERSION = '([^']+)'/.exec(config)?.[1];
let installed;
try {
  installed = require('solc/package.json').version;
} catch {
  process.exit(0); // production install without dev dependencies: nothing to check
}
if (pinned !== installed) {
  console.error(
    `solc ${installed} is installed but hardhat.config.ts pins ${pinned}: set both to the same version.`,
  );
  process.exit(1);
}
