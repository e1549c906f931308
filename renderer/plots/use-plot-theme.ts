// The plots' theme, following <html data-theme> (set by main.tsx from the settings) as it changes.

import { useMemo, useSyncExternalStore } from 'react';
import { plotTheme, themeNameOf, type PlotTheme, type ThemeName } from './plot-theme.ts';

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

const currentTheme = (): ThemeName => themeNameOf(document.documentElement.dataset.theme);

export function usePlotTheme(): PlotTheme {
  const name = useSyncExternalStore(subscribe, currentTheme, () => 'light' as const);
  return useMemo(() => plotTheme(name), [name]);
}
