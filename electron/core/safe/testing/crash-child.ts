/**
 * A Gridkeeper core process for the crash-safety tests: it runs one step of the Safe flow against
 * the chain's store and freezes at a chosen point, announcing it on stdout, so the test can kill it
 * (SIGKILL) exactly between two steps. Run with `node --import tsx crash-child.ts '<json>'`.
 */
import { JsonRpcProvider } from 'ethers';
import { DemoKeySigner } from '../../signers/demo-key';
import type { SafeTxTypedData, TxRequest } from '../../signers/types';
import { openStore } from '../../store';
import { openSafeConcern } from '../concern';
import { parseSetup } from './support';

export type CrashPoint = 'after-sign' | 'after-tx-signed' | 'after-broadcast';

export interface CrashChildConfig {
  rpcUrl: string;
  setup: string;
  dbFile: string;
  safeTxHash: string;
  ownerKey: string;
  freezeAt: CrashPoint;
}

const config = JSON.parse(process.argv[2] as string) as CrashChildConfig;

/** Stops the whole process where it stands (no timers, no I/O) until it is killed. */
function freeze(marker: string): void {
  // Writes to a pipe are synchronous on Linux and macOS: the marker is out before the freeze.
  process.stdout.write(`${marker}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  process.exit(3);
}

class FreezingSigner extends DemoKeySigner {
  override async signSafeTx(typedData: SafeTxTypedData): Promise<string> {
    const signature = await super.signSafeTx(typedData);
    if (config.freezeAt === 'after-sign') freeze('FROZEN after-sign');
    return signature;
  }

  override async signTransaction(tx: TxRequest): Promise<string> {
    const raw = await super.signTransaction(tx);
    if (config.freezeAt === 'after-tx-signed') freeze('FROZEN after-tx-signed');
    return raw;
  }
}

class FreezingProvider extends JsonRpcProvider {
  override async broadcastTransaction(signedTx: string) {
    const response = await super.broadcastTransaction(signedTx);
    if (config.freezeAt === 'after-broadcast') freeze('FROZEN after-broadcast');
    return response;
  }
}

const db = openStore(config.dbFile);
const provider = new FreezingProvider(config.rpcUrl, undefined, { cacheTimeout: -1, staticNetwork: true });
const { flow } = await openSafeConcern({ db, setup: parseSetup(config.setup), provider });
const signer = new FreezingSigner({ label: 'Crash test owner', privateKey: config.ownerKey });
if (config.freezeAt === 'after-sign') await flow.sign(config.safeTxHash, signer);
else await flow.execute(config.safeTxHash, signer);
process.stdout.write('COMPLETED without freezing\n');
process.exit(4);
