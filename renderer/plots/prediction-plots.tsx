// Plots from the engine's predictions over one split (validation when the run has one, else test, else
// train), asked again whenever a run ends: the confusion matrix and the misclassified images of a classifier,
// predicted against actual for a regression.

import { useMemo } from 'react';
import { askEngine, type EngineAnswer } from '../state/engine-requests.ts';
import { useServices } from '../ui/context.ts';
import { confusionMatrix } from './confusion.ts';
import { imageShapeOf } from './applicable-plots.ts';
import { tilePictures } from './images.ts';
import { confusionFigure, scatterFigure } from './prediction-figures.ts';
import { pictureGridFigure } from './tensor-figures.ts';
import { PlotView } from './plot-view.tsx';
import { usePlots } from './plot-context.ts';
import { usePlotTheme } from './use-plot-theme.ts';
import { useEngineQuery, type EngineQuery } from './use-engine-query.ts';

type Predictions = EngineAnswer<'predictions'>;

function usePredictions(): EngineQuery<Predictions> {
  const { host } = useServices();
  const { split } = usePlots();
  return useEngineQuery(() => askEngine(host, { type: 'predictions', split }), split);
}

function Controls({ query, what }: { query: EngineQuery<Predictions>; what: string }) {
  const { split } = usePlots();
  return (
    <div className="plot-controls">
      <span>{what} on the {split} rows{query.data ? ` (${query.data.predicted.length})` : ''}</span>
      <button type="button" onClick={query.refresh} disabled={query.pending}>Refresh</button>
    </div>
  );
}

export function ConfusionPlot() {
  const query = usePredictions();
  const { split, fileStem } = usePlots();
  const theme = usePlotTheme();
  const figure = useMemo(() => {
    const answer = query.data;
    if (!answer || answer.task !== 'classification') return null;
    const classes = answer.classes ?? Math.max(0, ...answer.predicted, ...answer.actual) + 1;
    return confusionFigure(confusionMatrix(answer.predicted, answer.actual, classes), theme, split);
  }, [query.data, theme, split]);
  return (
    <>
      <Controls query={query} what="Actual against predicted class" />
      <PlotView kind="confusion" figure={figure} label={`Confusion matrix on the ${split} rows`} empty={query.error ?? 'Asking the engine for its predictions…'} fileName={`${fileStem}-confusion`} />
    </>
  );
}

export function MistakesPlot() {
  const query = usePredictions();
  const { split, fileStem, facts } = usePlots();
  const theme = usePlotTheme();
  const figure = useMemo(() => {
    const answer = query.data;
    const image = answer ? imageShapeOf(answer.inputShape) ?? facts.image : null;
    if (!answer?.misclassified || !image) return null;
    const pictures = answer.misclassified.map((m) => ({ pixels: m.input, height: image.height, width: image.width, label: `${m.predicted}, is ${m.actual}` }));
    return pictureGridFigure(tilePictures(pictures, 8, 2), theme, { signed: false, captions: true, cellPixels: 3 });
  }, [query.data, theme, facts.image]);
  const shown = query.data?.misclassified?.length ?? 0;
  return (
    <>
      <Controls query={query} what={`Misclassified images (first ${shown}), each captioned “said, is”`} />
      <PlotView kind="mistakes" figure={figure} label={`Misclassified images on the ${split} rows, with predicted and actual class`}
        empty={query.error ?? (query.data ? 'No mistakes on these rows.' : 'Asking the engine for its predictions…')} fileName={`${fileStem}-mistakes`} />
    </>
  );
}

export function ScatterPlot() {
  const query = usePredictions();
  const { split, fileStem } = usePlots();
  const theme = usePlotTheme();
  const figure = useMemo(() => (query.data ? scatterFigure(query.data.predicted, query.data.actual, theme, split) : null), [query.data, theme, split]);
  return (
    <>
      <Controls query={query} what="Predicted against actual" />
      <PlotView kind="scatter" figure={figure} label={`Predicted against actual values on the ${split} rows`} empty={query.error ?? 'Asking the engine for its predictions…'} fileName={`${fileStem}-predicted-vs-actual`} />
    </>
  );
}
