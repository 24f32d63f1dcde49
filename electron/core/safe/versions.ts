/**
 * What Gridkeeper knows about Safe versions, in one place. It deploys Safe v1.4.1 (the training
 * network, `npm run deploy` checks the Safe it is given), looks the canonical contracts of a public
 * chain up at v1.4.1 and builds every SafeRef at it. v1.4.1 puts the chain id in the EIP-712 domain
 * and names the gas field `baseGas` (safe/verify/hash.ts). Supporting another version starts here.
 */
export const SAFE_VERSION = '1.4.1';
