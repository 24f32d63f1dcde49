import { rendererCsp } from '../core/host/content-security-policy';

/**
 * Electron's security checklist as pure decisions, so they are unit-tested in Node;
 * electron/main/index.ts only applies them. https://www.electronjs.org/docs/latest/tutorial/security
 */

/** The renderer is served from a custom standard scheme, never file:// (checklist item 18). */
export const APP_SCHEME = 'gridkeeper';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The renderer talks only IPC: it may connect nowhere. */
export const APP_CSP = rendererCsp('none');

export interface WebPreferencesPolicy {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  spellcheck: false;
  devTools: boolean;
}

/** Every window's webPreferences; devtools only in a development build. */
export function windowWebPreferences(options: { preload: string; packaged: boolean }): WebPreferencesPolicy {
  return {
    preload: options.preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: !options.packaged,
  };
}

export interface IpcSender {
  /** `event.senderFrame.url`; undefined once the frame is gone. */
  url: string | undefined;
  /** Whether the sending frame is its window's main frame (no iframes may call core). */
  isMainFrame: boolean;
}

/** Core answers only the app's own page: the main frame of a window showing gridkeeper://app/. */
export function isAppSender(sender: IpcSender): boolean {
  if (!sender.isMainFrame || !sender.url) return false;
  const url = parseUrl(sender.url);
  // Compared by parts: WHATWG URL gives non-special schemes an opaque ("null") origin outside Chromium.
  return (
    url !== undefined &&
    url.protocol === `${APP_SCHEME}:` &&
    url.host === APP_HOST &&
    url.username === '' &&
    url.password === ''
  );
}

/** The app is one page: every navigation (links, drops, redirects, window.location) is denied. */
export function allowNavigation(_url: string): false {
  return false;
}

/**
 * Hosts whose https links the app may hand to the system browser (explorers, Safe and Ledger help).
 * The app itself never opens a window or loads a remote page.
 */
export const EXTERNAL_LINK_HOSTS = [
  'polygonscan.com',
  'amoy.polygonscan.com',
  'app.safe.global',
  'help.safe.global',
  'docs.safe.global',
  'support.ledger.com',
] as const;

export type WindowOpenDecision = { action: 'deny'; openExternally: string | undefined };

/** New windows are always denied; an allow-listed https link opens in the system browser instead. */
export function decideWindowOpen(rawUrl: string): WindowOpenDecision {
  const url = parseUrl(rawUrl);
  const external =
    url !== undefined &&
    url.protocol === 'https:' &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    (EXTERNAL_LINK_HOSTS as readonly string[]).includes(url.hostname);
  return { action: 'deny', openExternally: external ? url.href : undefined };
}

/**
 * Camera, microphone, geolocation, HID, serial, USB, reading the clipboard…: all denied (Ledger is
 * in core). Two exceptions: writing plain text to the clipboard, which the copy buttons next to
 * addresses and hashes need, and desktop notifications, which the owner turns on per kind of "What
 * needs me" item (off by default); neither reads anything or reaches a device.
 */
export function decidePermission(permission: string): boolean {
  return permission === 'clipboard-sanitized-write' || permission === 'notifications';
}

function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}
