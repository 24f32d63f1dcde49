import { useEffect, useState } from 'react';
import type { AppPage } from '../../electron/core/api/contract/app';

export type { AppPage };

/** The pages in menu order, with the digit of their Ctrl/⌘ shortcut (as the native menu has them). */
/** Every page of the app (the contract's APP_PAGES, kept as types only so no core code is bundled). */
export const NAV: ReadonlyArray<{ page: AppPage; label: string; key?: string }> = [
  { page: 'dashboard', label: 'Dashboard', key: '1' },
  { page: 'admissions', label: 'Admissions', key: '2' },
  { page: 'disputes', label: 'Disputes', key: '3' },
  { page: 'trades', label: 'Trades', key: '4' },
  { page: 'safe', label: 'Safe', key: '5' },
  { page: 'signers', label: 'Signers', key: '6' },
  { page: 'audit', label: 'Audit log', key: '7' },
  { page: 'settings', label: 'Settings', key: ',' },
  { page: 'about', label: 'About' },
];

function pageOfHash(hash: string): AppPage {
  const name = hash.replace(/^#\/?/, '').split('/')[0];
  return NAV.find((item) => item.page === name)?.page ?? 'dashboard';
}

/** The page lives in the URL's hash, so reloads and the browser preview keep it. */
export function usePage(): [AppPage, (page: AppPage) => void] {
  const [page, setPage] = useState(() => pageOfHash(location.hash));
  useEffect(() => {
    const onHash = () => setPage(pageOfHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return [
    page,
    (next) => {
      location.hash = `#/${next}`;
    },
  ];
}
