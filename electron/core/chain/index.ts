export { ConsortiumGuard, EnergyMarket, EnergyToken, ProsumerRegistry } from './artifacts';
export { parseDeploymentRecord, verifyDeployment } from './deployment';
export { assertPlainPaymentToken } from './payment-token';
export { GUARD_STORAGE_SLOT, readSafeGuard } from './safe-guard';
