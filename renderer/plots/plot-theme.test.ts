import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plotTheme, themedLayout, themeNameOf } from './plot-theme.ts';

test('the theme follows <html data-theme>: only "dark" is dark', () => {
  assert.equal(themeNameOf('dark'), 'dark');
  assert.equal(themeNameOf('light'), 'light');
  assert.equal(themeNameOf(undefined), 'light');
  assert.notEqual(plotTheme('dark').fg, plotTheme('light').fg);
});

test('a themed layout fills text colour and axes, keeps the figure\'s own axis settings, and is transparent on the page', () => {
  const dark = plotTheme('dark');
  const layout = themedLayout({ height: 300, yaxis2: { title: { text: 'g' }, domain: [0, 0.4] }, xaxis: { gridcolor: 'red' } }, dark);
  assert.equal((layout.font as { color: string }).color, dark.fg);
  assert.equal(layout.paper_bgcolor, 'rgba(0,0,0,0)');
  assert.equal((layout.xaxis as { gridcolor: string }).gridcolor, 'red', 'the figure wins over the theme');
  assert.equal((layout.yaxis as { gridcolor: string }).gridcolor, dark.grid);
  assert.deepEqual((layout.yaxis2 as { domain: number[] }).domain, [0, 0.4]);
  assert.equal((layout.yaxis2 as { gridcolor: string }).gridcolor, dark.grid, 'every axis of the figure is themed');
  assert.equal(themedLayout({}, dark, { solidBackground: true }).paper_bgcolor, dark.background, 'an exported image gets a solid background');
});

test('the diverging scale is the background at zero', () => {
  for (const name of ['light', 'dark'] as const) {
    const theme = plotTheme(name);
    assert.deepEqual(theme.diverging.find(([at]) => at === 0.5)?.[1], theme.background);
  }
});
