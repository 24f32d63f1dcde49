import { useId, useState } from 'react';
import type { DeploymentRecord, NetworkChoice, SettingsView } from '../../../electron/core/api/contract';
import { MAX_DEPLOYMENT_RECORD_BYTES } from '../../../electron/core/api/contract/file-limits';
import { useAction, useQuery } from '../api/hooks';
import { ActionStatus } from '../components/action-status';
import { Address } from '../components/address';
import { FileInput } from '../components/file-input';
import { PageHeader } from '../components/page-header';
import { QueryView } from '../components/states';
import { ManualDeployment } from './manual-deployment';

export function SettingsPage() {
  const settings = useQuery('settings/get', {}, { refreshOn: ['app/network-changed'] });
  return (
    <>
      <PageHeader
        title="Settings"
        lead="Which chain Gridkeeper watches, and where the consortium's Safe and market are on it."
      />
      <QueryView query={settings} what="the settings">
        {(data) => <NetworkForm key={JSON.stringify(data.network)} settings={data} />}
      </QueryView>
    </>
  );
}

type Choice = 'training' | 'preset' | 'custom' | 'offline';

function NetworkForm({ settings }: { settings: SettingsView }) {
  const saved = settings.network;
  const savedRpc = saved.kind === 'rpc' ? saved : undefined;
  const presetIndex = savedRpc ? settings.presets.findIndex((p) => p.chainId === savedRpc.chainId) : -1;
  const [choice, setChoice] = useState<Choice>(
    saved.kind === 'rpc' ? (presetIndex >= 0 ? 'preset' : 'custom') : saved.kind,
  );
  const [preset, setPreset] = useState(Math.max(0, presetIndex));
  const [name, setName] = useState(savedRpc?.name ?? '');
  const [chainId, setChainId] = useState(savedRpc ? String(savedRpc.chainId) : '');
  const [rpcUrls, setRpcUrls] = useState(
    (savedRpc?.rpcUrls ?? settings.presets[0]?.rpcUrls ?? []).join('\n'),
  );
  const [txServiceUrl, setTxServiceUrl] = useState(savedRpc?.txServiceUrl ?? '');
  const [confirmations, setConfirmations] = useState(savedRpc?.confirmations?.toString() ?? '');
  const [deployment, setDeployment] = useState<DeploymentRecord | undefined>(
    saved.kind === 'training' ? undefined : saved.deployment,
  );
  const savedOffline = saved.kind === 'offline' ? saved.safeState : undefined;
  const [offOwners, setOffOwners] = useState(savedOffline?.owners.join('\n') ?? '');
  const [offThreshold, setOffThreshold] = useState(savedOffline ? String(savedOffline.threshold) : '');
  const [offNonce, setOffNonce] = useState(savedOffline ? String(savedOffline.nonce) : '');
  const current = useQuery('safe/owners', {});
  const action = useAction();
  const parse = useAction();
  const ids = {
    name: useId(),
    chain: useId(),
    rpc: useId(),
    tx: useId(),
    choice: useId(),
    depth: useId(),
    owners: useId(),
    threshold: useId(),
    nonce: useId(),
  };
  const fillFromChain = () => {
    if (!current.data) return;
    setOffOwners(current.data.owners.join('\n'));
    setOffThreshold(String(current.data.threshold));
    setOffNonce(current.data.nonce);
  };

  const pickPreset = (index: number) => {
    const p = settings.presets[index];
    if (!p) return;
    setPreset(index);
    setName(p.name);
    setChainId(String(p.chainId));
    setRpcUrls(p.rpcUrls.join('\n'));
    setTxServiceUrl(p.txServiceUrl);
  };

  const network = (): NetworkChoice => {
    if (choice === 'training') return { kind: 'training' };
    if (choice === 'offline') {
      if (!deployment) throw new Error('an offline signing machine needs a deployment record');
      return {
        kind: 'offline',
        deployment,
        safeState: {
          owners: offOwners.split(/\s+/).filter(Boolean),
          threshold: Number(offThreshold),
          nonce: Number(offNonce),
        },
      };
    }
    return {
      kind: 'rpc',
      name: name.trim(),
      chainId: Number(chainId),
      rpcUrls: rpcUrls
        .split(/\s+/)
        .map((u) => u.trim())
        .filter(Boolean),
      ...(txServiceUrl.trim() ? { txServiceUrl: txServiceUrl.trim() } : {}),
      ...(confirmations.trim() ? { confirmations: Number(confirmations) } : {}),
      ...(deployment ? { deployment } : {}),
    };
  };

  return (
    <section className="card" aria-labelledby="network-heading">
      <h2 id="network-heading">Network</h2>
      {settings.connected.rpcUrl === null ? (
        <p>
          <strong>Offline signing machine</strong> for chain {settings.connected.chainId}: no RPC. Import
          bundles on the Safe page, check them, sign and export them; nothing is simulated or sent.
        </p>
      ) : (
        <p>
          Connected to <strong>{settings.connected.name}</strong> (chain {settings.connected.chainId}) through{' '}
          <code>{settings.connected.rpcUrl}</code>.
        </p>
      )}
      {settings.deployment && (
        <>
          <h3>Consortium deployment in use</h3>
          <DeploymentFacts record={settings.deployment} />
        </>
      )}
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(
            'settings/set-network',
            network(),
            (info) => `Now on ${info.network} (chain ${info.chainId}).`,
          );
        }}
      >
        <fieldset className="span-2">
          <legend>Chain</legend>
          <span className="checks">
            {(
              [
                ['training', 'Training network (built in, demo keys)'],
                ['preset', 'Polygon PoS / Amoy'],
                ['custom', 'Custom RPC'],
                ['offline', 'Offline signing machine (no RPC)'],
              ] as const
            ).map(([value, label]) => (
              <label key={value}>
                <input
                  type="radio"
                  name={ids.choice}
                  checked={choice === value}
                  onChange={() => {
                    setChoice(value);
                    if (value === 'preset') pickPreset(preset);
                  }}
                />{' '}
                {label}
              </label>
            ))}
          </span>
        </fieldset>
        {choice === 'preset' && (
          <fieldset className="span-2">
            <legend>Public network</legend>
            <span className="checks">
              {settings.presets.map((p, i) => (
                <label key={p.chainId}>
                  <input
                    type="radio"
                    name={`${ids.choice}-preset`}
                    checked={preset === i}
                    onChange={() => pickPreset(i)}
                  />{' '}
                  {p.name} <span className="muted">(chain {p.chainId})</span>
                </label>
              ))}
            </span>
          </fieldset>
        )}
        {(choice === 'preset' || choice === 'custom') && (
          <>
            <label htmlFor={ids.name}>Name</label>
            <input id={ids.name} value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <label htmlFor={ids.chain}>Chain id</label>
            <input
              id={ids.chain}
              inputMode="numeric"
              value={chainId}
              onChange={(e) => setChainId(e.currentTarget.value)}
            />
            <label htmlFor={ids.rpc}>RPC URLs, one per line (tried in order: the rest are fallbacks)</label>
            <textarea
              id={ids.rpc}
              rows={3}
              value={rpcUrls}
              onChange={(e) => setRpcUrls(e.currentTarget.value)}
            />
            <label htmlFor={ids.tx}>Safe Transaction Service URL (optional)</label>
            <input
              id={ids.tx}
              value={txServiceUrl}
              placeholder="https://…"
              onChange={(e) => setTxServiceUrl(e.currentTarget.value)}
            />
            <label htmlFor={ids.depth}>Confirmation depth in blocks (empty: the chain's finalized tag)</label>
            <input
              id={ids.depth}
              inputMode="numeric"
              value={confirmations}
              placeholder="finalized tag"
              onChange={(e) => setConfirmations(e.currentTarget.value)}
            />
          </>
        )}
        {choice === 'offline' && (
          <>
            <p className="span-2">
              With no RPC, signatures are checked against the owners below. Fill them in while this machine is
              still connected to the consortium's chain, then check them against Safe{'{'}Wallet{'}'} or a
              co-owner before trusting them.
            </p>
            <div className="span-2 actions">
              <button type="button" disabled={!current.data?.online} onClick={fillFromChain}>
                Fill in from the connected chain
              </button>
            </div>
            <label htmlFor={ids.owners}>Safe owners, one per line</label>
            <textarea
              id={ids.owners}
              rows={4}
              value={offOwners}
              onChange={(e) => setOffOwners(e.currentTarget.value)}
            />
            <label htmlFor={ids.threshold}>Threshold (signatures needed)</label>
            <input
              id={ids.threshold}
              inputMode="numeric"
              value={offThreshold}
              onChange={(e) => setOffThreshold(e.currentTarget.value)}
            />
            <label htmlFor={ids.nonce}>Next nonce</label>
            <input
              id={ids.nonce}
              inputMode="numeric"
              value={offNonce}
              onChange={(e) => setOffNonce(e.currentTarget.value)}
            />
          </>
        )}
        {choice !== 'training' && (
          <div className="span-2">
            <h3>Consortium deployment</h3>
            {deployment ? (
              <DeploymentFacts record={deployment} />
            ) : (
              <p className="muted">No deployment record yet: import the file `npm run deploy` wrote.</p>
            )}
            <FileInput
              label="Import deployment record…"
              accept=".json,application/json"
              maxBytes={MAX_DEPLOYMENT_RECORD_BYTES}
              onFile={async (file) => {
                const record = await parse.run(
                  'settings/parse-deployment',
                  { text: await file.text() },
                  (r) => `Read the record of chain ${r.chainId}.`,
                );
                if (record) {
                  setDeployment(record);
                  if (!chainId) setChainId(String(record.chainId));
                }
              }}
            />
            <ActionStatus action={parse} working="Reading the record…" />
            {choice !== 'offline' && (
              <ManualDeployment chainId={Number(chainId) || 0} onRecord={setDeployment} />
            )}
          </div>
        )}
        <div className="span-2 actions">
          <button
            type="submit"
            className="primary"
            disabled={
              action.busy ||
              (choice === 'training' && saved.kind === 'training') ||
              (choice === 'offline' && !deployment)
            }
          >
            Connect and switch
          </button>
        </div>
      </form>
      <ActionStatus
        action={action}
        working="Connecting: checking the chain id and the deployment's contracts…"
      />
    </section>
  );
}

function DeploymentFacts({ record }: { record: DeploymentRecord }) {
  return (
    <dl className="facts">
      <dt>Safe</dt>
      <dd>
        <Address address={record.safe} />
      </dd>
      <dt>Market</dt>
      <dd>
        <Address address={record.market} />
      </dd>
      <dt>Registry</dt>
      <dd>
        <Address address={record.registry} />
      </dd>
      <dt>Energy token</dt>
      <dd>
        <Address address={record.token} />
      </dd>
      <dt>Paid in</dt>
      <dd>
        {/^0x0{40}$/.test(record.paymentToken) ? 'POL (native)' : <Address address={record.paymentToken} />}
      </dd>
      <dt>Deployed at block</dt>
      <dd>{record.deploymentBlock}</dd>
    </dl>
  );
}
