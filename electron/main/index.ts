/**
 * Electron's main process: lifecycle, the window, the menu, the security policy and the IPC wiring.
 * Everything the app knows and does runs in core, in a utility process (./core-process.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  type IpcMainInvokeEvent,
  ipcMain,
  Menu,
  type Rectangle,
  screen,
  session,
  shell,
} from 'electron';
import type { AppPage } from '../core/api/contract/app';
import { toWire } from '../core/api/contract/reply';
import { buildInfo } from '../core/host/build-info';
import type { CoreClient } from '../core/host/core-client';
import { consoleLogger, errorFields } from '../core/ports/logger';
import { IPC_EVENT, IPC_INVOKE, IPC_SAVE_PDF } from '../preload/bridge';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { startCoreProcess } from './core-process';
import { menuTemplate } from './menu';
import { savePdf } from './print-to-pdf';
import {
  APP_ENTRY_URL,
  allowNavigation,
  decidePermission,
  decideWindowOpen,
  isAppSender,
  windowWebPreferences,
} from './security-policy';
import { fitToDisplays, readWindowState, writeWindowState } from './window-state';

const log = consoleLogger('main');
const dataDir = process.env.GRIDKEEPER_DATA_DIR ?? app.getPath('userData');
const windowStateFile = join(dataDir, 'window-state.json');
let window: BrowserWindow | undefined;
let core: CoreClient | undefined;

// Main holds windows and IPC wiring, no data: an escaped exception is logged and the app keeps running.
process.on('uncaughtException', (error) => log.error('main: uncaught exception', errorFields(error)));
process.on('unhandledRejection', (reason) => log.error('main: unhandled rejection', errorFields(reason)));
// A terminal's Ctrl+C or a service manager's stop: quit the normal way (core closes its stores first).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox(); // every renderer, whatever its webPreferences say
  registerAppScheme();
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!allowNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!allowNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const decision = decideWindowOpen(url);
      // Only allow-listed https links (validated in security-policy.ts) reach the system browser.
      if (decision.openExternally) void shell.openExternal(decision.openExternally); // eng-disable OPEN_EXTERNAL_JS_CHECK
      return { action: decision.action };
    });
  });
  app.whenReady().then(start);
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', shutDownCoreFirst);
}

function start(): void {
  denyAllPermissions();
  serveRenderer(join(import.meta.dirname, '../renderer'));
  core = startCoreProcess({ dataDir, build: { version: app.getVersion(), commit: buildInfo.commit } });
  core.ready.catch((error: Error) => log.error('core could not start', { error: error.message }));
  // The renderer gets amounts as decimal strings on both bridges: the contract's one codec.
  core.onEvent((event, payload) => window?.webContents.send(IPC_EVENT, event, toWire(payload)));
  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, input: unknown) => {
    refuseForeignSender(event);
    // A non-string channel becomes '' and gets UNKNOWN_CHANNEL from the router like any unknown name.
    const name = typeof channel === 'string' ? channel : '';
    return (core as CoreClient).invoke(name, input, abortedWhenDestroyed(event.sender)).then(toWire);
  });
  // Main's own action (Electron, not core): the page as printed, saved where the owner picks.
  ipcMain.handle(IPC_SAVE_PDF, (event, request: unknown) => {
    refuseForeignSender(event);
    const owner = BrowserWindow.fromWebContents(event.sender);
    return savePdf(request, app.getPath('documents'), {
      choosePath: async (options) => {
        const chosen = owner
          ? await dialog.showSaveDialog(owner, options)
          : await dialog.showSaveDialog(options);
        return chosen.canceled ? undefined : chosen.filePath;
      },
      print: (options) => event.sender.printToPDF(options),
      write: (path, data) => writeFile(path, data, { mode: 0o600 }),
    });
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({ platform: process.platform, packaged: app.isPackaged, actions: { navigate } }),
    ),
  );
  openWindow();
}

function openWindow(): void {
  const workAreas: Rectangle[] = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map(
    (d) => d.workArea,
  );
  const state = fitToDisplays(readWindowState(windowStateFile), workAreas);
  const options: Electron.BrowserWindowConstructorOptions = {
    ...state,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Gridkeeper',
    backgroundColor: '#0b1220',
    webPreferences: windowWebPreferences({
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      packaged: app.isPackaged,
    }),
  };
  // The scanner cannot see into windowWebPreferences(): contextIsolation and sandbox are on there
  // (security-policy.test.ts), and a middle-click opens nothing: it goes through setWindowOpenHandler.
  window = new BrowserWindow(options); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window?.show());
  window.on('close', () => {
    if (!window) return;
    writeWindowState(windowStateFile, { ...window.getNormalBounds(), maximized: window.isMaximized() });
  });
  window.on('closed', () => {
    window = undefined;
  });
  void window.loadURL(APP_ENTRY_URL);
}

/** Main answers only the app's own page (security-policy.ts): any other frame is refused and logged. */
function refuseForeignSender(event: IpcMainInvokeEvent): void {
  const frame = event.senderFrame;
  const sender = { url: frame?.url, isMainFrame: frame !== null && frame === event.sender.mainFrame };
  if (!isAppSender(sender)) {
    log.warn('refused an IPC call from a foreign frame', { url: String(sender.url).slice(0, 120) });
    throw new Error('Refused: not the Gridkeeper window.');
  }
}

function navigate(page: AppPage): void {
  window?.webContents.send(IPC_EVENT, 'app/navigate', { page });
}

/** Camera, notifications, HID, USB, serial…: the renderer gets none (the Ledger is driven by core). */
function denyAllPermissions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(decidePermission(permission)),
  );
  ses.setPermissionCheckHandler((_contents, permission) => decidePermission(permission));
  ses.setDevicePermissionHandler((details) => decidePermission(details.deviceType));
}

/** Calls from a window are cancelled in core when the window goes away. */
const windowSignals = new WeakMap<Electron.WebContents, AbortSignal>();
function abortedWhenDestroyed(contents: Electron.WebContents): AbortSignal {
  let signal = windowSignals.get(contents);
  if (!signal) {
    const controller = new AbortController();
    contents.once('destroyed', () => controller.abort());
    signal = controller.signal;
    windowSignals.set(contents, signal);
  }
  return signal;
}

/** Quitting waits for core to finish (the indexer's transaction, the database close), then quits. */
let coreClosed = false;
let closingCore = false;
function shutDownCoreFirst(event: Electron.Event): void {
  if (coreClosed || !core) return;
  event.preventDefault();
  if (closingCore) return;
  closingCore = true;
  void core.shutdown(10_000).finally(() => {
    coreClosed = true;
    app.quit();
  });
}
