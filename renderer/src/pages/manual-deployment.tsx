import { useId, useState } from 'react';
import type { DeploymentRecord } from '../../../electron/core/api/contract';
import { useAction } from '../api/hooks';
import { ActionStatus } from '../components/action-status';
import { NATIVE_TOKEN } from '../format/units';

const FIELDS = [
  ['safe', 'Consortium Safe'],
  ['market', 'Energy market'],
  ['registry', 'Prosumer registry'],
  ['token', 'Energy token'],
  ['paymentToken', 'Payment token (0x000… for native POL)'],
] as const;
type Field = (typeof FIELDS)[number][0];

/**
 * The deployment typed in by hand (when there is no record file): checked by core exactly as an
 * imported record is (`settings/parse-deployment`), then used like one.
 */
export function ManualDeployment({
  chainId,
  onRecord,
}: {
  chainId: number;
  onRecord(record: DeploymentRecord): void;
}) {
  const [values, setValues] = useState<Record<Field, string>>({
    safe: '',
    market: '',
    registry: '',
    token: '',
    paymentToken: NATIVE_TOKEN,
  });
  const [block, setBlock] = useState('0');
  const check = useAction();
  const id = useId();
  const submit = async () => {
    const text = JSON.stringify({
      format: 'gridkeeper-deployment/1',
      chainId,
      ...Object.fromEntries(FIELDS.map(([key]) => [key, values[key].trim()])),
      deploymentBlock: Number(block),
    });
    const record = await check.run('settings/parse-deployment', { text }, () => 'Addresses accepted.');
    if (record) onRecord(record);
  };
  return (
    <details className="manual-deployment">
      <summary>Enter the addresses by hand</summary>
      {/* Not a <form>: it sits inside the network form, and forms do not nest. */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: Enter here checks these addresses instead of switching networks */}
      <div
        className="form-grid"
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement)) return;
          e.preventDefault();
          void submit();
        }}
      >
        {FIELDS.map(([key, label]) => (
          <span key={key} className="span-2 form-row">
            <label htmlFor={`${id}-${key}`}>{label}</label>
            <input
              id={`${id}-${key}`}
              value={values[key]}
              placeholder="0x…"
              spellCheck={false}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setValues((current) => ({ ...current, [key]: value }));
              }}
            />
          </span>
        ))}
        <label htmlFor={`${id}-block`}>Block the market was deployed at (indexing starts there)</label>
        <input
          id={`${id}-block`}
          inputMode="numeric"
          value={block}
          onChange={(e) => setBlock(e.currentTarget.value)}
        />
        <div className="span-2 actions">
          <button type="button" disabled={check.busy || !chainId} onClick={submit}>
            Check and use these addresses
          </button>
        </div>
      </div>
      <ActionStatus action={check} working="Checking the addresses…" />
    </details>
  );
}
