import { useEffect, useState } from 'react';

export type Theme = 'dark' | 'light';
const KEY = 'gridkeeper.theme';

/** Dark (control room) by default; the choice is remembered on this computer. */
export function useTheme(): [Theme, (theme: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem(KEY) === 'light' ? 'light' : 'dark'));
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(KEY, theme);
  }, [theme]);
  return [theme, setTheme];
}
