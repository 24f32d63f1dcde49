import type { MenuItemConstructorOptions } from 'electron';
import type { AppPage } from '../core/api/contract/app';

export interface MenuActions {
  /** Shows a page of the renderer (event `app/navigate`). */
  navigate(page: AppPage): void;
}

/** The pages reachable from the View menu, in order, with their shortcut digit. */
const PAGES: ReadonlyArray<{ page: AppPage; label: string }> = [
  { page: 'dashboard', label: 'Dashboard' },
  { page: 'admissions', label: 'Admissions' },
  { page: 'disputes', label: 'Disputes' },
  { page: 'trades', label: 'Trades' },
  { page: 'safe', label: 'Safe' },
  { page: 'signers', label: 'Signers' },
  { page: 'audit', label: 'Audit log' },
];

/**
 * The native menu: pages on CmdOrCtrl+1…7, Settings on CmdOrCtrl+, , the standard edit roles
 * (so copy/paste work on macOS), zoom for wall screens; reload and devtools only in development.
 */
export function menuTemplate(options: {
  platform: NodeJS.Platform;
  packaged: boolean;
  actions: MenuActions;
}): MenuItemConstructorOptions[] {
  const { navigate } = options.actions;
  const mac = options.platform === 'darwin';
  const settings: MenuItemConstructorOptions = {
    label: 'Settings…',
    accelerator: 'CmdOrCtrl+,',
    click: () => navigate('settings'),
  };
  const about: MenuItemConstructorOptions = { label: 'About Gridkeeper', click: () => navigate('about') };
  const development: MenuItemConstructorOptions[] = options.packaged
    ? []
    : [{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }];

  return [
    ...(mac
      ? [
          {
            label: 'Gridkeeper',
            submenu: [
              about,
              { type: 'separator' },
              settings,
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: 'File',
      submenu: mac ? [{ role: 'close' }] : [settings, { type: 'separator' }, { role: 'quit' }],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        ...PAGES.map(
          ({ page, label }, i): MenuItemConstructorOptions => ({
            label,
            accelerator: `CmdOrCtrl+${i + 1}`,
            click: () => navigate(page),
          }),
        ),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...development,
      ],
    },
    { label: 'Window', submenu: [{ role: 'minimize' }, ...(mac ? [{ role: 'zoom' as const }] : [])] },
    ...(mac ? [] : [{ label: 'Help', submenu: [about] }]),
  ];
}
