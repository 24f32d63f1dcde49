import { describe, expect, it } from 'vitest';
import {
  APP_CSP,
  APP_ENTRY_URL,
  allowNavigation,
  decidePermission,
  decideWindowOpen,
  isAppSender,
  windowWebPreferences,
} from './security-policy';

describe('window webPreferences', () => {
  it('isolates and sandboxes every window, with no Node in any frame or worker', () => {
    const prefs = windowWebPreferences({ preload: '/app/out/preload/index.cjs', packaged: true });
    expect(prefs).toMatchObject({
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
    });
  });

  it('turns devtools off in packaged builds only', () => {
    expect(windowWebPreferences({ preload: 'p', packaged: true }).devTools).toBe(false);
    expect(windowWebPreferences({ preload: 'p', packaged: false }).devTools).toBe(true);
  });
});

describe('content security policy of the Electron window', () => {
  const directives = Object.fromEntries(
    APP_CSP.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );

  it('loads code only from the app itself, never eval, and connects nowhere', () => {
    expect(directives['default-src']).toBe("'none'");
    expect(directives['script-src']).toBe("'self'");
    expect(directives['connect-src']).toBe("'none'");
    expect(directives['frame-ancestors']).toBe("'none'");
    expect(directives['base-uri']).toBe("'none'");
    expect(directives['form-action']).toBe("'none'");
    expect(APP_CSP).not.toMatch(/unsafe-eval|wasm-unsafe-eval|https?:|\*/);
    expect(directives['script-src']).not.toContain('unsafe-inline');
  });
});

describe('IPC sender check', () => {
  it('accepts the main frame of the app page', () => {
    expect(isAppSender({ url: APP_ENTRY_URL, isMainFrame: true })).toBe(true);
    expect(isAppSender({ url: 'gridkeeper://app/index.html#/safe', isMainFrame: true })).toBe(true);
  });

  it.each([
    ['a subframe of the app page', { url: APP_ENTRY_URL, isMainFrame: false }],
    ['a remote page', { url: 'https://evil.example/', isMainFrame: true }],
    ['a local file', { url: 'file:///home/owner/evil.html', isMainFrame: true }],
    ['another host of the app scheme', { url: 'gridkeeper://evil/index.html', isMainFrame: true }],
    ['credentials smuggled into the URL', { url: 'gridkeeper://x@app/index.html', isMainFrame: true }],
    ['a look-alike host', { url: 'gridkeeper://app.evil/index.html', isMainFrame: true }],
    ['a data URL', { url: 'data:text/html,<script>1</script>', isMainFrame: true }],
    ['about:blank', { url: 'about:blank', isMainFrame: true }],
    ['a destroyed frame', { url: undefined, isMainFrame: true }],
    ['garbage', { url: '::not a url', isMainFrame: true }],
  ])('refuses %s', (_name, sender) => {
    expect(isAppSender(sender)).toBe(false);
  });
});

describe('navigation, new windows and permissions', () => {
  it('denies every navigation, including to the app itself', () => {
    for (const url of [
      APP_ENTRY_URL,
      'https://polygonscan.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
    ]) {
      expect(allowNavigation(url)).toBe(false);
    }
  });

  it('never opens a window; hands only allow-listed https links to the system browser', () => {
    expect(decideWindowOpen('https://polygonscan.com/tx/0xabc')).toEqual({
      action: 'deny',
      openExternally: 'https://polygonscan.com/tx/0xabc',
    });
    expect(decideWindowOpen('https://app.safe.global/home')).toMatchObject({
      openExternally: expect.any(String),
    });
    for (const url of [
      'http://polygonscan.com/tx/0xabc',
      'https://polygonscan.com.evil.example/',
      'https://evil.example/?https://polygonscan.com',
      'https://user:pass@polygonscan.com/',
      'https://polygonscan.com:8443/',
      'file:///etc/passwd',
      'smb://server/share',
      'javascript:alert(1)',
      APP_ENTRY_URL,
      'not a url',
    ]) {
      expect(decideWindowOpen(url), url).toEqual({ action: 'deny', openExternally: undefined });
    }
  });

  it('denies every permission request but writing text to the clipboard (copy buttons) and notifications', () => {
    expect(decidePermission('clipboard-sanitized-write')).toBe(true);
    expect(decidePermission('notifications')).toBe(true);
    for (const permission of [
      'media',
      'geolocation',
      'hid',
      'usb',
      'serial',
      'clipboard-read',
      'openExternal',
      'fullscreen',
    ]) {
      expect(decidePermission(permission)).toBe(false);
    }
  });
});
