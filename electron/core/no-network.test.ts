// Control rooms are offline: core may talk to the configured RPC (and, if set, the Transaction
// Service) and to nothing else. This runs core through a full session on the training network (read
// every view, admit an applicant through the Safe with two demo owners, execute) while recording every
// outbound connection and DNS lookup this process makes, and fails on anything but the RPC.
import dns from 'node:dns';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationView, Page, ProposalView, SettingsView, SignerList } from './api/contract';
import { type Core, createCore } from './app';
import { silentLogger } from './ports/logger';

const connections: string[] = [];
const lookups: string[] = [];

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  // net.connect() hands over its arguments already normalized: [[options, callback]].
  const [first, second] = (Array.isArray(args[0]) ? args[0] : args) as [unknown, unknown];
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; port?: number; path?: string };
    connections.push(
      options.path ? `unix:${options.path}` : `${options.host ?? 'localhost'}:${options.port}`,
    );
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    connections.push(`${typeof second === 'string' ? second : 'localhost'}:${first}`);
  } else {
    connections.push(`unix:${String(first)}`);
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof connect;
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny'] as const) {
  const original = dns[name] as (...a: unknown[]) => unknown;
  (dns as unknown as Record<string, unknown>)[name] = (host: string, ...rest: unknown[]) => {
    if (net.isIP(host) === 0) lookups.push(host); // an IP literal resolves without asking anyone
    return original.call(dns, host, ...rest);
  };
  const promised = dns.promises[name] as (...a: unknown[]) => unknown;
  (dns.promises as unknown as Record<string, unknown>)[name] = (host: string, ...rest: unknown[]) => {
    if (net.isIP(host) === 0) lookups.push(host);
    return promised.call(dns.promises, host, ...rest);
  };
}

let core: Core;
let dataDir: string;

async function call<T>(channel: string, input: unknown = {}): Promise<T> {
  const reply = await core.router.invoke(channel, input);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`);
  return reply.data as T;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gk-offline-'));
  core = await createCore({
    dataDir,
    build: { version: '0.0.0-test', commit: 'test' },
    network: { kind: 'training' },
    log: silentLogger,
  });
}, 120_000);

afterAll(async () => {
  await core?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('network use', () => {
  it('a full session talks to the configured RPC and nothing else, DNS included', async () => {
    const settings = await call<SettingsView>('settings/get');
    const rpc = new URL(String(settings.connected.rpcUrl));

    for (const channel of ['app/info', 'market/summary', 'safe/queue', 'safe/owners', 'audit/verify']) {
      await call(channel);
    }
    await call('market/series', { metric: 'energyWh' });
    await call('market/trades', { limit: 50 });
    await call('market/disputes', {});
    await call('signer/ledger-status');

    // The indexer catches up with the seeded history in the background.
    await expect
      .poll(async () => (await call<Page<ApplicationView>>('market/applications', {})).total, {
        timeout: 60_000,
      })
      .toBeGreaterThan(0);
    const [applicant] = (await call<Page<ApplicationView>>('market/applications', {})).rows;
    const signers = (await call<SignerList>('signer/list')).signers.filter((s) => s.demo);
    expect(signers.length).toBeGreaterThanOrEqual(2);
    const proposal = await call<ProposalView>('prosumer/admit', {
      applications: [{ prosumer: applicant!.address, applicationHash: applicant!.applicationHash }],
    });
    await call('safe/simulate', { safeTxHash: proposal.safeTxHash });
    for (const signer of signers.slice(0, 2)) {
      await call('safe/sign', { safeTxHash: proposal.safeTxHash, signerId: signer.id });
    }
    await call('safe/export-bundle', { safeTxHash: proposal.safeTxHash });
    const executed = await call<ProposalView>('safe/execute', {
      safeTxHash: proposal.safeTxHash,
      signerId: signers[0]!.id,
    });
    expect(executed.status).toBe('executed');

    const allowed = new Set([`${rpc.hostname}:${rpc.port}`]);
    expect(connections.length, 'the session did reach the RPC').toBeGreaterThan(0);
    expect(connections.filter((c) => !allowed.has(c))).toEqual([]);
    expect(lookups).toEqual([]);
  }, 180_000);
});
