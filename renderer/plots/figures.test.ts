import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plotTheme } from './plot-theme.ts';
import { tilePictures } from './images.ts';
import { matrixFigure, pictureGridFigure } from './tensor-figures.ts';
import { confusionFigure, scatterFigure } from './prediction-figures.ts';
import { chainRuleGap, sweepFigure, sweepRange, type SweepAnswer } from './sweep-figure.ts';

const theme = plotTheme('dark');

test('a weight matrix: a heatmap symmetric around zero, row 0 on top', () => {
  const figure = matrixFigure([[1, -4], [2, 0.5]], theme);
  const [trace] = figure.data;
  assert.equal(trace!.type, 'heatmap');
  assert.deepEqual([trace!.zmin, trace!.zmax], [-4, 4]);
  assert.equal(trace!.colorscale, theme.diverging);
  assert.equal((figure.layout.yaxis as { autorange: string }).autorange, 'reversed');
});

test('a picture grid: signed pictures on the diverging scale, images in grey between their extremes, captions per tile', () => {
  const grid = tilePictures([{ pixels: [0, 2, -1, 1], height: 2, width: 2, label: '3, is 5' }, { pixels: [1, 1, 1, 1], height: 2, width: 2, label: '1, is 7' }], 2);
  const signed = pictureGridFigure(grid, theme, { signed: true });
  assert.deepEqual([signed.data[0]!.zmin, signed.data[0]!.zmax], [-2, 2]);
  const images = pictureGridFigure(grid, theme, { signed: false, captions: true });
  assert.deepEqual([images.data[0]!.zmin, images.data[0]!.zmax], [-1, 2]);
  assert.equal(images.data[0]!.colorscale, theme.grey);
  assert.deepEqual((images.layout.annotations as { text: string }[]).map((a) => a.text), ['3, is 5', '1, is 7']);
});

test('the confusion figure says the share right; the scatter has the diagonal to compare with', () => {
  const confusion = confusionFigure([[3, 1], [0, 4]], theme, 'validation');
  assert.match((confusion.layout.title as { text: string }).text, /validation: 87\.5% right/);
  assert.deepEqual(confusion.data[0]!.z, [[3, 1], [0, 4]]);
  const scatter = scatterFigure([1, 2.5], [1.2, 2], theme, 'test');
  assert.deepEqual(scatter.data[0]!.x, [1, 2.5], 'the diagonal spans all values');
  assert.deepEqual([scatter.data[1]!.x, scatter.data[1]!.y], [[1.2, 2], [1, 2.5]], 'actual across, predicted up');
});

test('the sweep: f on top, both derivatives in the middle, each local derivative below; the gap between the derivatives', () => {
  const sweep: SweepAnswer = {
    type: 'sweep', requestId: 1, x: [-1, 0, 1], output: [1, 0, 1], derivative: [-2, 0, 2], chainProduct: [-2, 0, 2.000002],
    nodes: [{ nodeId: 'ax', op: 'Multiply', values: [-1, 0, 1], localDerivative: [1, 1, 1] }, { nodeId: 'square', op: 'Square', values: [1, 0, 1], localDerivative: [-2, 0, 2] }],
  };
  const figure = sweepFigure(sweep, theme);
  assert.deepEqual(figure.data.map((t) => [t.name, t.yaxis]), [
    ['f(x)', 'y'], ['f′(x) by backprop', 'y2'], ['product of local derivatives', 'y2'], ['∂ax (Multiply)', 'y3'], ['∂square (Square)', 'y3'],
  ]);
  assert.ok(Math.abs(chainRuleGap(sweep) - 1e-6) < 1e-12);
  assert.equal(chainRuleGap({ derivative: [0, 0], chainProduct: [0, 0] }), 0);
  assert.deepEqual(sweepRange(-1.93, 1.85), [-2, 2]);
  assert.deepEqual(sweepRange(0.2, 0.3), [0, 0.5]);
  assert.deepEqual(sweepRange(undefined, 3), [-2, 2]);
  assert.deepEqual(sweepRange(1, 1), [-2, 2]);
});
