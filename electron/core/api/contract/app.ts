import { channel } from './define';
import { zEmpty } from './schemas';

export interface AppInfo {
  name: string;
  version: string;
  commit: string;
  /** 'training' on the embedded devnet, else the configured network's key. */
  network: string;
  chainId: number;
}

/** The renderer's pages, as the native menu names them (event `app/navigate`). */
export const APP_PAGES = [
  'dashboard',
  'admissions',
  'disputes',
  'trades',
  'prosumers',
  'offers',
  'statements',
  'safe',
  'rules',
  'signers',
  'audit',
  'settings',
  'about',
] as const;
export type AppPage = (typeof APP_PAGES)[number];

export const appChannels = {
  'app/info': channel<AppInfo>()(zEmpty),
};
