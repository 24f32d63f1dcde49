export { EnergyMarket, EnergyToken, ProsumerRegistry } from './artifacts';
export { parseDeploymentRecord, verifyDeployment } from './deployment';
export { assertPlainPaymentToken } from './payment-token';
