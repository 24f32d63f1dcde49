import { useQuery } from '../api/hooks';
import { PageHeader } from '../components/page-header';
import { QueryView } from '../components/states';

export function AboutPage() {
  const info = useQuery('app/info', {}, { refreshOn: ['app/network-changed'] });
  return (
    <>
      <PageHeader title="About Gridkeeper" lead="The control room of the energy-market consortium." />
      <QueryView query={info} what="the app's version">
        {(data) => (
          <dl className="facts card">
            <dt>Version</dt>
            <dd>{data.version}</dd>
            <dt>Build</dt>
            <dd>
              <code>{data.commit}</code>
            </dd>
            <dt>Network</dt>
            <dd>
              {data.network} (chain {data.chainId})
            </dd>
            <dt>Updates</dt>
            <dd>Never downloaded automatically: install new versions from your IT department's package.</dd>
          </dl>
        )}
      </QueryView>
    </>
  );
}
