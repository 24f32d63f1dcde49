import type { AppNotice, EventBus } from './api';
import type { NoticeSink } from './ports';

const KEEP = 50;

/** The run's notices (`app/notices`), each also pushed as an `app/notice` event when it happens. */
export class Notices implements NoticeSink {
  readonly #list: AppNotice[] = [];

  constructor(private readonly events: EventBus) {}

  add(notice: Omit<AppNotice, 'at'> & { at?: string }): void {
    const full: AppNotice = { ...notice, at: notice.at ?? new Date().toISOString() };
    this.#list.push(full);
    if (this.#list.length > KEEP) this.#list.shift();
    this.events.emit('app/notice', full);
  }

  list(): AppNotice[] {
    return [...this.#list];
  }
}
