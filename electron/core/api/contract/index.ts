import type { z } from 'zod';
import { addressBookChannels } from './address-book';
import { appChannels } from './app';
import { auditChannels } from './audit';
import type { ChannelDef } from './define';
import { marketChannels } from './market';
import { prosumerDailyChannels } from './prosumer-daily';
import { reviewChannels } from './review';
import { rulesChannels } from './rules';
import { governanceChannels, safeChannels } from './safe';
import { settingsChannels } from './settings';
import { signerChannels } from './signer';

export type { AddressBookEntry, AddressBookExport, AddressBookImportView } from './address-book';
export { ADDRESS_NAME_MAX } from './address-book';
export type { AppInfo, AppNotice, CoreDiagnostics } from './app';
export type { AuditEntryView, AuditExport, AuditVerificationView } from './audit';
export { displayText, escapeJsonText, hasHiddenCharacters } from './display-text';
export type { ApiEventName, ApiEvents, OperationProgress } from './events';
export type {
  ApplicationView,
  ChartRange,
  DisputeStatus,
  DisputeTimelineEntry,
  DisputeView,
  IndexerProgress,
  IndexerStatusView,
  MarketMetric,
  MarketSummaryView,
  MarketUpdated,
  OfferStatus,
  OfferView,
  Page,
  ProsumerStatus,
  ProsumerView,
  SafeStateView,
  SeriesPoint,
  SeriesView,
  TradeStatus,
  TradeView,
} from './market';
export { MARKET_METRICS } from './market';
export type { ProsumerDailyView, ProsumerDayView } from './prosumer-daily';
export type {
  AddressRole,
  ConflictSubject,
  NamedAddress,
  PendingDecision,
  QueueConflict,
  ReviewAction,
  ReviewAmount,
  ReviewCall,
  ReviewEvent,
  ReviewExecution,
  ReviewField,
  ReviewPolicyVerdict,
  ReviewSimulation,
  ReviewValue,
  ReviewView,
} from './review';
export type { ContractOwnershipView, MarketRule, MarketRulesView, RuleChangeView } from './rules';
export type {
  DecodedCallView,
  IntentJson,
  ProposalView,
  QueueView,
  SafeFileView,
  SafeGuardView,
  SafeOwnersView,
  SafeTxView,
  SimulationResult,
} from './safe';
export type { DeploymentRecord, NetworkChoice, NetworkPreset, SettingsView } from './settings';
export type {
  DeviceDisplay,
  KeystoreBackup,
  LedgerAccount,
  LedgerDeviceEvent,
  LedgerDeviceState,
  LedgerStatus,
  PathFamily,
  SignerList,
  SignerStatus,
  SignerSummary,
  SignerUpdated,
  SigningPrompt,
  UdevRule,
} from './signer';
export type {
  RefetchProgress,
  StatementDay,
  StatementLine,
  StatementLineKind,
  StatementTotals,
  StatementView,
  TradeTotals,
} from './statement';
export { STATEMENT_MAX_SPAN_SECONDS, statementFileName } from './statement';

/** Every channel of the api. Each concern contributes its own `concern/verb` channels. */
export const apiContract = {
  ...appChannels,
  ...settingsChannels,
  ...auditChannels,
  ...addressBookChannels,
  ...safeChannels,
  ...reviewChannels,
  ...governanceChannels,
  ...marketChannels,
  ...prosumerDailyChannels,
  ...rulesChannels,
  ...signerChannels,
} satisfies Record<string, ChannelDef>;

export type ApiContract = typeof apiContract;
export type ChannelName = keyof ApiContract;
/** What the renderer sends (before parsing: amounts as decimal strings). */
export type ApiInput<C extends ChannelName> = z.input<ApiContract[C]['input']>;
/** What a handler receives (after parsing: amounts as bigint, addresses checksummed). */
export type ParsedInput<C extends ChannelName> = z.output<ApiContract[C]['input']>;
export type ApiOutput<C extends ChannelName> = NonNullable<ApiContract[C]['output']>;
