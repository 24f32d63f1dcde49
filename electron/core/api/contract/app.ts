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

export const appChannels = {
  'app/info': channel<AppInfo>()(zEmpty),
};
