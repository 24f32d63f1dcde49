import { useEffect, useId, useRef, useState } from 'react';
import type {
  LedgerAccount,
  PathFamily,
  SignerList,
  SignerSummary,
} from '../../../electron/core/api/contract';
import { useAction, useQuery } from '../api/hooks';
import { ActionStatus } from '../components/action-status';
import { Address } from '../components/address';
import { Badge, type Tone } from '../components/badge';
import { PageHeader } from '../components/page-header';
import { Segmented } from '../components/segmented';
import { Empty, QueryView } from '../components/states';
import { sameAddress } from '../format/address';
import { downloadText } from '../format/download';
import { formatPol } from '../format/units';

const REFRESH = ['signer/updated', 'signer/device', 'app/network-changed'] as const;
const STATUS_TONE: Record<SignerSummary['status'], Tone> = {
  ready: 'ok',
  locked: 'warn',
  disconnected: 'bad',
  'app-closed': 'warn',
  'wrong-app': 'warn',
  busy: 'info',
  'permission-denied': 'bad',
  'needs-attention': 'warn',
  unavailable: 'neutral',
};

export function SignersPage() {
  const list = useQuery('signer/list', {}, { refreshOn: [...REFRESH] });
  const owners = useQuery('safe/owners', {}, { refreshOn: ['safe/tx-updated', 'app/network-changed'] });
  const ownerList = owners.data?.owners ?? [];
  return (
    <>
      <PageHeader
        title="Signers"
        lead="Who signs for you: a Ledger account or an encrypted keystore. Keys never leave core or the device."
      />
      <QueryView query={list} what="the signers">
        {(data) => <SignerTable list={data} owners={ownerList} onChanged={list.reload} />}
      </QueryView>
      <LedgerPanel list={list.data} />
      <KeystorePanel pendingBackups={list.data?.signers.filter((s) => s.backupPending) ?? []} />
    </>
  );
}

function SignerTable({ list, owners, onChanged }: { list: SignerList; owners: string[]; onChanged(): void }) {
  const action = useAction();
  // The choice shows at once; it settles to core's answer (or back, if core refused it).
  const [choosing, setChoosing] = useState<string>();
  const activeId = choosing ?? list.activeId;
  const [passwords, setPasswords] = useState<Record<string, string>>({});
  if (list.signers.length === 0)
    return (
      <section className="card">
        <Empty title="No signer yet">Connect a Ledger or create a keystore below, then make it active.</Empty>
      </section>
    );
  return (
    <section className="card" aria-labelledby="signers-heading">
      <h2 id="signers-heading">Your signers</h2>
      <table className="table signers-table">
        <thead>
          <tr>
            <th scope="col">Active</th>
            <th scope="col">Signer</th>
            <th scope="col">Address</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {list.signers.map((signer) => {
            const owner = owners.some((o) => sameAddress(o, signer.address));
            const active = signer.id === activeId;
            return (
              <tr key={signer.id} className={active ? 'selected' : undefined}>
                <td>
                  <input
                    type="radio"
                    name="active-signer"
                    checked={active}
                    aria-label={`Use ${signer.label} as the active signer`}
                    onChange={async () => {
                      setChoosing(signer.id);
                      await action.run(
                        'signer/select',
                        { id: signer.id },
                        (s) => `${s.label} is now the active signer.`,
                      );
                      setChoosing(undefined);
                      onChanged();
                    }}
                  />
                </td>
                <td>
                  <strong>{signer.label}</strong> <span className="muted">{signer.kind}</span>{' '}
                  {signer.demo && <Badge tone="warn">demo</Badge>}
                </td>
                <td>
                  <Address address={signer.address} mark={owner ? 'Safe owner' : 'not an owner'} inRow />
                </td>
                <td>
                  <Badge tone={STATUS_TONE[signer.status]}>{signer.status}</Badge>
                  {signer.backupPending && (
                    <>
                      {' '}
                      <Badge tone="warn">no backup confirmed</Badge>
                    </>
                  )}
                  {signer.detail && <p className="muted small">{signer.detail}</p>}
                </td>
                <td>
                  {signer.kind === 'keystore' && signer.demo && (
                    <span className="muted small">always ready: its password is public</span>
                  )}
                  {signer.kind === 'keystore' &&
                    !signer.demo &&
                    (signer.status === 'locked' ? (
                      <form
                        className="inline-form"
                        onSubmit={async (e) => {
                          e.preventDefault();
                          await action.run(
                            'signer/keystore-unlock',
                            { id: signer.id, password: passwords[signer.id] ?? '' },
                            (s) =>
                              `${s.label} unlocked; it locks itself after ${list.autoLockMinutes} idle minutes.`,
                          );
                          setPasswords((p) => ({ ...p, [signer.id]: '' }));
                        }}
                      >
                        <input
                          type="password"
                          autoComplete="current-password"
                          aria-label={`Password of ${signer.label}`}
                          placeholder="password"
                          value={passwords[signer.id] ?? ''}
                          onChange={(e) => {
                            const value = e.currentTarget.value;
                            setPasswords((p) => ({ ...p, [signer.id]: value }));
                          }}
                        />
                        <button type="submit" disabled={action.busy || !passwords[signer.id]}>
                          Unlock
                        </button>
                      </form>
                    ) : (
                      <button
                        type="button"
                        disabled={action.busy}
                        onClick={() =>
                          action.run('signer/keystore-lock', { id: signer.id }, (s) => `${s.label} locked.`)
                        }
                      >
                        Lock now
                      </button>
                    ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ActionStatus
        action={action}
        working="Working… (unlocking takes a few seconds: the key is stretched on purpose)"
      />
    </section>
  );
}

const FAMILIES: ReadonlyArray<{ value: PathFamily; label: string }> = [
  { value: 'ledger-live', label: 'Ledger Live' },
  { value: 'legacy', label: 'Legacy (MEW)' },
  { value: 'bip44', label: 'BIP-44' },
];

function LedgerPanel({ list }: { list: SignerList | undefined }) {
  const status = useQuery('signer/ledger-status', {}, { refreshOn: ['signer/device'] });
  // Core polls the USB bus only while someone asks (LEDGER_WATCH_MS, 15 s): ask while this panel is open.
  const reloadStatus = useRef(status.reload);
  reloadStatus.current = status.reload;
  useEffect(() => {
    const timer = setInterval(() => reloadStatus.current(), 5_000);
    return () => clearInterval(timer);
  }, []);
  const [family, setFamily] = useState<PathFamily>('ledger-live');
  const [start, setStart] = useState(0);
  const [asked, setAsked] = useState(false);
  const accounts = useQuery(
    'signer/ledger-accounts',
    { families: [family], start, count: 5 },
    { enabled: asked, key: `${family}:${start}` },
  );
  const action = useAction();
  return (
    <section className="card" aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">Ledger</h2>
      <QueryView query={status} what="the Ledger state">
        {(data) => (
          <>
            {data.unavailable && <p className="banner banner-warn">{data.unavailable}</p>}
            {data.devices.length === 0 && !data.unavailable && (
              <Empty title="No Ledger connected">
                Plug it in, unlock it with its PIN and open the Ethereum app.
              </Empty>
            )}
            {data.devices.map((device) => (
              <div key={device.deviceId} className="device">
                <p>
                  <strong>{device.model ?? 'Ledger'}</strong>{' '}
                  <Badge tone={STATUS_TONE[device.status]}>{device.status}</Badge>{' '}
                  {device.app && (
                    <span className="muted">
                      {device.app.name} {device.app.version}
                    </span>
                  )}
                  {device.blindSigningEnabled === false && (
                    <span className="muted"> · blind signing off</span>
                  )}
                </p>
                {device.message && <p>{device.message}</p>}
                {device.status === 'permission-denied' && data.udevRule && (
                  <p>
                    Install the udev rule, then replug the device: <code>{data.udevRule.command}</code>
                  </p>
                )}
              </div>
            ))}
            {list?.ledgerPath && (
              <p className="muted">
                Last used path: <code>{list.ledgerPath}</code>
              </p>
            )}
            {data.devices.some((d) => d.status === 'ready') && (
              <div className="card-head">
                <Segmented label="Derivation paths" options={FAMILIES} value={family} onChange={setFamily} />
                <button type="button" onClick={() => (asked ? accounts.reload() : setAsked(true))}>
                  Read addresses
                </button>
                {asked && (
                  <button type="button" onClick={() => setStart(start + 5)}>
                    Next 5
                  </button>
                )}
              </div>
            )}
          </>
        )}
      </QueryView>
      {asked && (
        <QueryView query={accounts} what="the Ledger's addresses">
          {(rows) => (
            <AccountTable
              rows={rows}
              busy={action.busy}
              onUse={(path) =>
                action.run('signer/select', { ledgerPath: path }, (s) => `Using ${s.address} (${path}).`)
              }
            />
          )}
        </QueryView>
      )}
      <ActionStatus action={action} working="Talking to the Ledger…" />
    </section>
  );
}

function AccountTable({
  rows,
  busy,
  onUse,
}: {
  rows: LedgerAccount[];
  busy: boolean;
  onUse(path: string): void;
}) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Path</th>
          <th scope="col">Address</th>
          <th scope="col" className="num">
            Balance
          </th>
          <th scope="col">Use</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.path} className={row.isOwner ? 'selected' : undefined}>
            <td>
              <code>{row.path}</code>
            </td>
            <td>
              <Address address={row.address} mark={row.isOwner ? 'Safe owner' : undefined} inRow />
            </td>
            <td className="num">{row.balanceWei === null ? '—' : formatPol(row.balanceWei)}</td>
            <td>
              <button type="button" disabled={busy} onClick={() => onUse(row.path)}>
                Use this account
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type KeystoreMode = 'create' | 'key' | 'mnemonic';

function KeystorePanel({ pendingBackups }: { pendingBackups: SignerSummary[] }) {
  const [mode, setMode] = useState<KeystoreMode>('create');
  const [label, setLabel] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [secret, setSecret] = useState('');
  const action = useAction();
  const ids = { label: useId(), password: useId(), repeat: useId(), secret: useId() };
  const mismatch = repeat !== '' && repeat !== password;
  const submit = async () => {
    const made =
      mode === 'create'
        ? await action.run(
            'signer/keystore-create',
            { label, password },
            (s) => `Created ${s.label} at ${s.address}.`,
          )
        : await action.run(
            'signer/keystore-import',
            mode === 'key'
              ? { label, password, privateKey: secret.trim() }
              : { label, password, mnemonic: secret.trim() },
            (s) => `Imported ${s.label} at ${s.address}.`,
          );
    if (made) {
      setPassword('');
      setRepeat('');
      setSecret('');
    }
  };
  return (
    <section className="card" aria-labelledby="keystore-heading">
      <h2 id="keystore-heading" tabIndex={-1}>
        Keystore
      </h2>
      <p className="muted">An encrypted key file on this computer. Prefer a Ledger for real funds.</p>
      <Segmented
        label="Keystore action"
        options={[
          { value: 'create', label: 'Create new' },
          { value: 'key', label: 'Import private key' },
          { value: 'mnemonic', label: 'Import recovery phrase' },
        ]}
        value={mode}
        onChange={setMode}
      />
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label htmlFor={ids.label}>Name</label>
        <input
          id={ids.label}
          value={label}
          maxLength={60}
          onChange={(e) => setLabel(e.currentTarget.value)}
        />
        {mode !== 'create' && (
          <>
            <label htmlFor={ids.secret}>{mode === 'key' ? 'Private key' : 'Recovery phrase'}</label>
            <input
              id={ids.secret}
              type="password"
              autoComplete="off"
              value={secret}
              onChange={(e) => setSecret(e.currentTarget.value)}
            />
          </>
        )}
        <label htmlFor={ids.password}>Password (8 characters or more)</label>
        <input
          id={ids.password}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        <label htmlFor={ids.repeat}>Password again</label>
        <input
          id={ids.repeat}
          type="password"
          autoComplete="new-password"
          value={repeat}
          aria-invalid={mismatch}
          onChange={(e) => setRepeat(e.currentTarget.value)}
        />
        {mismatch && <p className="field-error">The passwords differ.</p>}
        <button
          type="submit"
          className="primary"
          disabled={
            action.busy ||
            !label.trim() ||
            password.length < 8 ||
            password !== repeat ||
            (mode !== 'create' && !secret.trim())
          }
        >
          {mode === 'create' ? 'Create keystore' : 'Import keystore'}
        </button>
      </form>
      <ActionStatus action={action} working="Encrypting the key (a few seconds)…" />
      {pendingBackups.map((signer) => (
        <BackupStep key={signer.id} signer={signer} />
      ))}
    </section>
  );
}

/**
 * A keystore created here exists in one file on this computer: save that file elsewhere (it stays
 * encrypted with the password), then confirm it. Until then the signer shows "no backup confirmed".
 */
function BackupStep({ signer }: { signer: SignerSummary }) {
  const action = useAction();
  const [saved, setSaved] = useState(false);
  return (
    <section className="banner banner-warn backup-step" aria-label={`Back up ${signer.label}`}>
      <p>
        <strong>Back up {signer.label}.</strong> Its key exists only in its keystore file on this computer.
        Save the file somewhere safe (a USB stick, a password manager); it stays encrypted with your password,
        which you keep separately.
      </p>
      <div className="actions">
        <button
          type="button"
          disabled={action.busy}
          onClick={async () => {
            const file = await action.run(
              'signer/keystore-backup',
              { id: signer.id },
              (f) => `Saved ${f.fileName}: keep it where this computer's loss cannot take it.`,
            );
            if (file) {
              downloadText(file.fileName, file.content, 'application/json');
              setSaved(true);
            }
          }}
        >
          Save the keystore file…
        </button>
        <button
          type="button"
          className="primary"
          disabled={!saved || action.busy}
          title={saved ? undefined : 'Save the file first'}
          onClick={async () => {
            const confirmed = await action.run('signer/keystore-backup-confirm', { id: signer.id });
            // This step leaves the page: focus goes back to the keystore panel, not to <body>.
            if (confirmed) document.getElementById('keystore-heading')?.focus();
          }}
        >
          I saved it somewhere safe
        </button>
      </div>
      <ActionStatus action={action} working="Working…" />
    </section>
  );
}
