import { useId, useState } from 'react';
import { ADDRESS_NAME_MAX } from '../../../electron/core/api/contract/address-book';
import { reloadAddressNames } from '../api/address-names';
import { useAction, useQuery } from '../api/hooks';
import { ActionStatus } from '../components/action-status';
import { Address } from '../components/address';
import { FileInput } from '../components/file-input';
import { PageHeader } from '../components/page-header';
import { Empty, QueryView } from '../components/states';
import { downloadText } from '../format/download';
import { formatCount } from '../format/units';

/** The largest address book CSV read (Safe{Wallet} exports are a few kB). */
const MAX_CSV_BYTES = 1_000_000;

/**
 * The owner's own names for addresses, on this machine: edited here, exchanged with Safe{Wallet}
 * as its address book CSV. The review names the consortium's own addresses first: these never
 * rename the Safe, its contracts or its owners.
 */
export function AddressBookPage() {
  const list = useQuery('address-book/list', {}, { refreshOn: ['app/network-changed'] });
  const action = useAction();
  const ids = { address: useId(), name: useId() };
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  return (
    <>
      <PageHeader
        title="Address book"
        lead="Your names for owners, prosumers, contracts and others, kept on this machine. The consortium's own names come first on the review."
      >
        <FileInput
          label="Import CSV…"
          accept=".csv,text/csv"
          maxBytes={MAX_CSV_BYTES}
          onFile={async (file) => {
            await action.run(
              'address-book/import',
              { content: await file.text() },
              (r) =>
                `Imported ${formatCount(r.saved, 'name')}${r.refused.length ? `; refused ${r.refused.map((x) => `line ${x.line} (${x.reason})`).join(', ')}` : ''}.`,
            );
            list.reload();
            void reloadAddressNames();
          }}
        />
        <button
          type="button"
          disabled={action.busy}
          onClick={async () => {
            const file = await action.run(
              'address-book/export',
              {},
              (f) => `Exported ${formatCount(f.entries, 'name')} as Safe{Wallet} CSV.`,
            );
            if (file) downloadText(file.fileName, file.content, 'text/csv');
          }}
        >
          Export CSV
        </button>
      </PageHeader>
      <ActionStatus action={action} working="Working…" />
      <form
        className="card form-grid"
        onSubmit={async (event) => {
          event.preventDefault();
          const saved = await action.run(
            'address-book/set',
            { address, name },
            (e) => `Named ${e.address} "${e.name}".`,
          );
          if (saved) {
            setAddress('');
            setName('');
            list.reload();
            void reloadAddressNames();
          }
        }}
      >
        <label htmlFor={ids.address}>Address</label>
        <input
          id={ids.address}
          value={address}
          onChange={(e) => setAddress(e.currentTarget.value)}
          spellCheck={false}
        />
        <label htmlFor={ids.name}>Name</label>
        <input
          id={ids.name}
          value={name}
          maxLength={ADDRESS_NAME_MAX}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <div className="span-2 actions">
          <button type="submit" className="primary" disabled={action.busy || !address || !name.trim()}>
            Save name
          </button>
        </div>
      </form>
      <QueryView query={list} what="the address book">
        {(data) =>
          data.entries.length === 0 ? (
            <Empty title="No names yet">
              Add one above, or import Safe{'{'}Wallet{'}'}'s address book CSV.
            </Empty>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Address</th>
                  <th scope="col">Chain</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((entry) => (
                  <tr key={`${entry.chainId}-${entry.address}`}>
                    <td>{entry.name}</td>
                    <td>
                      <Address address={entry.address} inRow />
                    </td>
                    <td>{entry.chainId}</td>
                    <td>
                      <button
                        type="button"
                        disabled={action.busy}
                        onClick={async () => {
                          await action.run(
                            'address-book/remove',
                            { address: entry.address, chainId: entry.chainId },
                            () => `Removed "${entry.name}".`,
                          );
                          list.reload();
                          void reloadAddressNames();
                        }}
                      >
                        Remove <span className="visually-hidden">{entry.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </>
  );
}
