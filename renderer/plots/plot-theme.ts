// The plots' colours, following the page's light or dark theme (main.tsx sets <html data-theme>): text and
// grid lines from the page's palette, series in the Okabe–Ito colours (distinct for the common colour-vision
// deficiencies), viridis for densities and a diverging blue–orange around zero for signed values. Pure.

import type { PlotLayout } from './figure.ts';

export type ThemeName = 'light' | 'dark';

export interface PlotTheme {
  name: ThemeName;
  fg: string;
  muted: string;
  grid: string;
  /** The panel colour: the background of exported images (on the page the plot is transparent). */
  background: string;
  /** Series colours, in order: train, validation, then further series. */
  series: readonly string[];
  /** Signed values (weights): blue below zero, the background at zero, orange above. */
  diverging: [number, string][];
  /** Pixel images (digits): dark ink on light, or light on dark. */
  grey: [number, string][];
}

const OKABE_ITO_LIGHT = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#000000'];
const OKABE_ITO_DARK = ['#56B4E9', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#0072B2', '#F0E442', '#FFFFFF'];

export function plotTheme(name: ThemeName): PlotTheme {
  const dark = name === 'dark';
  const background = dark ? '#1d2128' : '#ffffff';
  return {
    name,
    fg: dark ? '#e6e9ee' : '#1d232b',
    muted: dark ? '#9aa4b1' : '#5b6673',
    grid: dark ? '#323946' : '#e3e7ec',
    background,
    series: dark ? OKABE_ITO_DARK : OKABE_ITO_LIGHT,
    diverging: [[0, '#2166ac'], [0.25, '#6fa8d6'], [0.5, background], [0.75, '#f4a259'], [1, '#d95f02']],
    grey: dark ? [[0, '#000000'], [1, '#ffffff']] : [[0, '#ffffff'], [1, '#000000']],
  };
}

/** The theme <html data-theme> names (anything but "dark" is light). */
export const themeNameOf = (value: string | undefined): ThemeName => (value === 'dark' ? 'dark' : 'light');

const axis = (theme: PlotTheme) => ({ gridcolor: theme.grid, zerolinecolor: theme.grid, linecolor: theme.grid, tickcolor: theme.grid, automargin: true });

/**
 * A figure's layout with the theme's text, axes and background filled in where the figure left them open.
 * Axis keys (xaxis, yaxis2, …) keep their own settings over the theme's.
 */
export function themedLayout(layout: PlotLayout, theme: PlotTheme, options: { solidBackground?: boolean } = {}): PlotLayout {
  const background = options.solidBackground ? theme.background : 'rgba(0,0,0,0)';
  const themed: PlotLayout = {
    font: { family: 'system-ui, -apple-system, "Segoe UI", sans-serif', size: 12, color: theme.fg },
    paper_bgcolor: background,
    plot_bgcolor: background,
    margin: { l: 56, r: 16, t: 28, b: 44 },
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', bgcolor: 'rgba(0,0,0,0)' },
    hoverlabel: { font: { color: theme.fg }, bgcolor: theme.background, bordercolor: theme.grid },
    ...layout,
  };
  const axisKeys = new Set(['xaxis', 'yaxis', ...Object.keys(layout).filter((k) => /^[xy]axis\d*$/.test(k))]);
  for (const key of axisKeys) themed[key] = { ...axis(theme), ...(layout[key] as object | undefined) };
  return themed;
}
