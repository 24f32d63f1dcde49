import { protocol } from 'electron';
import { readStaticFile } from '../core/preview/static-files';
import { APP_CSP, APP_HOST, APP_SCHEME } from './security-policy';

/** Must run before `app` is ready: gridkeeper:// behaves like https (standard, secure origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer at gridkeeper://app/, with the strict CSP as a header; nothing else. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? await readStaticFile(rendererDir, url.pathname) : undefined;
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: {
        'content-type': file.contentType,
        'content-security-policy': APP_CSP,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}
