export { type AccessPolicy, appOrigin, cookieName, decideHttp, decideUpgrade, newSecret } from './access';
export { type RunPreviewOptions, runPreview } from './run';
export { type PreviewServer, type PreviewServerOptions, startPreviewServer } from './server';
