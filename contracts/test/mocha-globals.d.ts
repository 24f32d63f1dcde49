// Mocha's globals as these tests use them. `@types/mocha` is not installed (hardhat-mocha only lists it
// as a peer); `declare function` merges cleanly with it if it ever is.
declare function describe(title: string, fn: () => void): void;
declare function it(title: string, fn: () => Promise<void> | void): void;
declare function before(fn: () => Promise<void> | void): void;
declare function beforeEach(fn: () => Promise<void> | void): void;
