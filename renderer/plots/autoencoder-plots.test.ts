// Which graphs get the Codes and Reconstructions plots (the engine's own description of the examples), and
// the pure figure builders behind them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessSession, example } from '../../test/support/in-process-session.ts';
import { applicablePlots, graphFacts } from './applicable-plots.ts';
import { codesFigure, reconstructionPictures } from './autoencoder-figures.ts';
import { plotTheme } from './plot-theme.ts';

test('the autoencoder example gets Codes (on code_act) and Reconstructions; an MNIST classifier and a regression do not', async () => {
  const session = new InProcessSession();
  const ae = await session.load(example('ch7-mnist-autoencoder'));
  assert.deepEqual(graphFacts(ae.graph, []).autoencoder, { code: 'code_act', prediction: 'decoder_act' });
  const kinds = applicablePlots(ae.graph, [], ae.rows).map((p) => p.kind);
  assert.ok(kinds.includes('codes') && kinds.includes('reconstructions'), kinds.join(', '));
  assert.ok(!kinds.includes('scatter'), 'no predicted-vs-actual of one pixel');
  for (const name of ['ch4-mnist-sigmoid-mse', 'ch2-linear-regression']) {
    const loaded = await new InProcessSession().load(example(name));
    assert.equal(graphFacts(loaded.graph, []).autoencoder, null, name);
    assert.ok(!applicablePlots(loaded.graph, [], loaded.rows).some((p) => p.kind === 'codes'), name);
    if (name === 'ch2-linear-regression') assert.ok(applicablePlots(loaded.graph, [], loaded.rows).some((p) => p.kind === 'scatter'));
  }
});

test('codesFigure: one trace per digit (the legend), the PCA coordinates of each row', () => {
  const values = [[1, 0, 0], [-1, 0, 0], [0, 0.5, 0], [0, -0.5, 0], [0, 0, 2], [0, 0, -2]];
  const figure = codesFigure(values, [3, 3, 1, 1, 0, 0], ['0', '1', '2', '3'], plotTheme('light'), 'code_act');
  assert.deepEqual(figure.data.map((t) => t.name), ['0', '1', '3']);
  const zero = figure.data[0]!;
  assert.deepEqual((zero.x as number[]).map((v) => Math.round(v * 1e9) / 1e9 + 0), [2, -2]);
  assert.match(String((figure.layout.title as { text: string }).text), /3 numbers per row → 2-D \(PCA, 95% of the variance\)/);
  const unlabelled = codesFigure(values, undefined, undefined, plotTheme('dark'), 'h');
  assert.equal(unlabelled.data.length, 1);
});

test('reconstructionPictures: inputs first, then their reconstructions, as images of the input\'s size', () => {
  const pictures = reconstructionPictures([[1, 2, 3, 4], [5, 6, 7, 8]], [[0, 0, 0, 0], [1, 1, 1, 1]], { height: 2, width: 2 });
  assert.deepEqual(pictures.map((p) => p.label), ['input 1', 'input 2', 'rebuilt 1', 'rebuilt 2']);
  assert.deepEqual(pictures[3]!.pixels, [1, 1, 1, 1]);
});
