import { type ReactNode, useEffect, useRef } from 'react';
import { useEvent } from './api/hooks';
import { AttentionCount, AttentionProvider } from './components/attention';
import { EmergencyStop, UrgentStopBanner } from './components/emergency-stop';
import { OperationProgress } from './components/operation-progress';
import { ShortcutHelp } from './components/shortcut-help';
import { StatusBar } from './components/status-bar';
import { type AppPage, NAV, usePage } from './navigation';
import { AboutPage } from './pages/about';
import { AddressBookPage } from './pages/address-book';
import { AdmissionsPage } from './pages/admissions';
import { AuditPage } from './pages/audit';
import { DashboardPage } from './pages/dashboard';
import { DisputesPage } from './pages/disputes';
import { MarketRulesPage } from './pages/market-rules';
import { OffersPage } from './pages/offers';
import { ProsumersPage } from './pages/prosumers';
import { SafePage } from './pages/safe';
import { SettingsPage } from './pages/settings';
import { SignersPage } from './pages/signers';
import { StatementsPage } from './pages/statements';
import { TradesPage } from './pages/trades';
import { useTheme } from './theme';

const PAGES: Record<AppPage, () => ReactNode> = {
  dashboard: () => <DashboardPage />,
  admissions: () => <AdmissionsPage />,
  disputes: () => <DisputesPage />,
  trades: () => <TradesPage />,
  prosumers: () => <ProsumersPage />,
  offers: () => <OffersPage />,
  statements: () => <StatementsPage />,
  safe: () => <SafePage />,
  rules: () => <MarketRulesPage />,
  signers: () => <SignersPage />,
  audit: () => <AuditPage />,
  addresses: () => <AddressBookPage />,
  settings: () => <SettingsPage />,
  about: () => <AboutPage />,
};

export function App() {
  const [page, go] = usePage();
  const [theme, setTheme] = useTheme();
  const main = useRef<HTMLElement>(null);
  useEvent('app/navigate', ({ page: next }) => go(next));

  // Ctrl/⌘+1…7 and Ctrl/⌘+, as in the native menu (which takes them first inside Electron).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const target = NAV.find((item) => item.key === event.key);
      if (target) {
        event.preventDefault();
        go(target.page);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  // A new page moves focus to its heading, so keyboard and screen-reader users land on it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each page change
  useEffect(() => {
    main.current?.querySelector('h1')?.focus();
  }, [page]);

  return (
    <AttentionProvider>
      <div className="shell">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <nav className="sidebar" aria-label="Pages">
          <p className="brand">
            <span aria-hidden="true">⚡</span> Gridkeeper
          </p>
          <ul>
            {NAV.map((item) => (
              <li key={item.page}>
                <a
                  href={`#/${item.page}`}
                  aria-current={item.page === page ? 'page' : undefined}
                  aria-keyshortcuts={
                    item.key ? `Control+${item.key === ',' ? 'Comma' : item.key}` : undefined
                  }
                >
                  <span>{item.label}</span>
                  {item.page === 'dashboard' && <AttentionCount />}
                  {item.key && (
                    <span aria-hidden="true" className="nav-key">
                      {item.key === ',' ? 'Ctrl ,' : `Ctrl ${item.key}`}
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ul>
          <div className="sidebar-foot">
            <button type="button" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
              {theme === 'dark' ? 'Light theme' : 'Dark theme'}
            </button>
            <ShortcutHelp />
          </div>
          <EmergencyStop />
        </nav>
        <div className="content">
          <StatusBar />
          <OperationProgress />
          <UrgentStopBanner />
          <main id="main" ref={main} className="page" key={page} tabIndex={-1}>
            {PAGES[page]()}
          </main>
        </div>
      </div>
    </AttentionProvider>
  );
}
