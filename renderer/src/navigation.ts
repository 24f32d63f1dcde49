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
  { page: 'prosumers', label: 'Prosumers' },
  { page: 'offers', label: 'Offers' },
  { page: 'statements', label: 'Statements' },
  { page: 'safe', label: 'Safe', key: '5' },
  { page: 'rules', label: 'Market rules' },
  { page: 'signers', label: 'Signers', key: '6' },
  { page: 'audit', label: 'Audit log', key: '7' },
  { page: 'addresses', label: 'Address book' },
  { page: 'settings', label: 'Settings', key: ',' },
  { page: 'about', label: 'About' },
];

/** "#/safe/0x…?x=1" is the Safe page: a path after the page names what it shows, the query its state. */
export function pageOfHash(hash: string): AppPage {
  const name = hash.replace(/^#\/?/, '').split('?')[0]?.split('/')[0];
  return NAV.find((item) => item.page === name)?.page ?? 'dashboard';
}

const paramsOfHash = (hash: string) => new URLSearchParams(hash.split('?')[1] ?? '');

/**
 * One piece of a page's state in the URL's hash ("#/trades?status=open"), so a reload keeps it. Set
 * with replaceState: no history entry per keystroke, no remount of the page.
 */
export function useHashParam(name: string): [string | null, (value: string | null) => void] {
  const [value, setValue] = useState(() => paramsOfHash(location.hash).get(name));
  useEffect(() => {
    const onHash = () => setValue(paramsOfHash(location.hash).get(name));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [name]);
  return [
    value,
    (next) => {
      const [path = '#/', query] = location.hash.split('?');
      const params = new URLSearchParams(query ?? '');
      if (next === null || next === '') params.delete(name);
      else params.set(name, next);
      const search = params.toString();
      history.replaceState(history.state, '', `${path}${search ? `?${search}` : ''}`);
      setValue(next === '' ? null : next);
    },
  ];
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
