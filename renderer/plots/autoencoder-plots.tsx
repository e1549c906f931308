// An autoencoder's plots (chapter 7): the codes of the validation digits projected to 2-D by PCA (computed
// here, pca.ts) and coloured by the digit each came from, and a few digits above their reconstructions. Both
// ask the engine for `activations` (the code layer's output, the prediction with its input rows).
// e2e/autoencoder.e2e.test.ts draws both on ch7-mnist-autoencoder.

import { useMemo } from 'react';
import { askEngine } from '../state/engine-requests.ts';
import { useServices } from '../ui/context.ts';
import { tilePictures } from './images.ts';
import { codesFigure, reconstructionPictures } from './autoencoder-figures.ts';
import { pictureGridFigure } from './tensor-figures.ts';
import { PlotView } from './plot-view.tsx';
import { usePlots } from './plot-context.ts';
import { usePlotTheme } from './use-plot-theme.ts';
import { useEngineQuery } from './use-engine-query.ts';

/** How many rows the Codes scatter shows, and how many digits Reconstructions draws. */
export const CODE_ROWS = 1000;
export const RECONSTRUCTIONS = 8;

export function CodesPlot() {
  const { host } = useServices();
  const { facts, split, fileStem } = usePlots();
  const theme = usePlotTheme();
  const nodeId = facts.autoencoder?.code ?? '';
  const query = useEngineQuery(nodeId ? () => askEngine(host, { type: 'activations', nodeId, split, limit: CODE_ROWS }) : null, `${nodeId}:${split}`);
  const figure = useMemo(() => (query.data && query.data.values.length > 1
    ? codesFigure(query.data.values, query.data.labels, query.data.classes, theme, query.data.nodeId) : null), [query.data, theme]);
  return (
    <>
      <div className="plot-controls">
        <span>The output of {nodeId} for the first {query.data ? query.data.values.length : CODE_ROWS} {split} rows{query.data?.labels ? ', coloured by digit' : ''}</span>
        <button type="button" onClick={query.refresh} disabled={query.pending}>Refresh</button>
      </div>
      <PlotView kind="codes" figure={figure} label={`The codes of ${nodeId} on the ${split} rows, projected to two dimensions by PCA`}
        empty={query.error ?? 'Asking the engine for the codes…'} fileName={`${fileStem}-codes`} />
    </>
  );
}

export function ReconstructionsPlot() {
  const { host } = useServices();
  const { facts, split, fileStem } = usePlots();
  const theme = usePlotTheme();
  const nodeId = facts.autoencoder?.prediction ?? '';
  const query = useEngineQuery(nodeId ? () => askEngine(host, { type: 'activations', nodeId, split, limit: RECONSTRUCTIONS, inputs: true }) : null, `${nodeId}:${split}`);
  const figure = useMemo(() => {
    const answer = query.data;
    const image = facts.image;
    if (!answer?.inputs || !image) return null;
    const pictures = reconstructionPictures(answer.inputs, answer.values, image);
    return pictureGridFigure(tilePictures(pictures, answer.inputs.length, 2), theme, { signed: false, captions: true, cellPixels: 3 });
  }, [query.data, theme, facts.image]);
  return (
    <>
      <div className="plot-controls">
        <span>The first {query.data?.inputs?.length ?? RECONSTRUCTIONS} {split} digits (top) and what the network rebuilt from its code (bottom)</span>
        <button type="button" onClick={query.refresh} disabled={query.pending}>Refresh</button>
      </div>
      <PlotView kind="reconstructions" figure={figure} label={`Digits of the ${split} rows above their reconstructions`}
        empty={query.error ?? 'Asking the engine for reconstructions…'} fileName={`${fileStem}-reconstructions`} />
    </>
  );
}
