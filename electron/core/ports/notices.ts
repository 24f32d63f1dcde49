import type { AppNotice } from '../api/contract';

/**
 * Where a concern reports something the owner should see (a store rebuilt, an RPC failed over):
 * the composition root's `Notices` lists them and pushes each as an `app/notice` event.
 */
export interface NoticeSink {
  add(notice: Omit<AppNotice, 'at'> & { at?: string }): void;
}
