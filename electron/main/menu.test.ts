import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { AppPage } from '../core/api/contract/app';
import { menuTemplate } from './menu';

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...items((item.submenu as MenuItemConstructorOptions[]) ?? [])]);
}

describe('native menu', () => {
  it('reaches every page by shortcut, and settings by CmdOrCtrl+,', () => {
    const shown: AppPage[] = [];
    const all = items(
      menuTemplate({ platform: 'linux', packaged: true, actions: { navigate: (p) => shown.push(p) } }),
    );
    const accelerators = all.filter((i) => i.accelerator).map((i) => i.accelerator);
    expect(accelerators).toEqual([
      'CmdOrCtrl+,',
      'CmdOrCtrl+1',
      'CmdOrCtrl+2',
      'CmdOrCtrl+3',
      'CmdOrCtrl+4',
      'CmdOrCtrl+5',
      'CmdOrCtrl+6',
      'CmdOrCtrl+7',
    ]);
    for (const item of all) (item.click as (() => void) | undefined)?.();
    expect(shown).toEqual([
      'settings',
      'dashboard',
      'admissions',
      'disputes',
      'trades',
      'safe',
      'signers',
      'audit',
      'about',
    ]);
  });

  it('has no reload or devtools in packaged builds', () => {
    const roles = (packaged: boolean) =>
      items(menuTemplate({ platform: 'win32', packaged, actions: { navigate() {} } })).map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(true)).not.toContain('reload');
    expect(roles(false)).toContain('toggleDevTools');
  });

  it('follows macOS conventions there: app menu with About, Settings and Quit', () => {
    const [first] = menuTemplate({ platform: 'darwin', packaged: true, actions: { navigate() {} } });
    if (!first) throw new Error('empty menu');
    const labels = (first.submenu as MenuItemConstructorOptions[]).map((i) => i.label ?? i.role);
    expect(first.label).toBe('Gridkeeper');
    expect(labels).toEqual(expect.arrayContaining(['About Gridkeeper', 'Settings…', 'quit']));
  });
});
