// The latest run's loss curve (per batch and per epoch, train and validation) and its validation metrics.

import { useMemo, useState } from 'react';
import { useTelemetry } from '../ui/context.ts';
import { lossFigure, metricsFigure } from './curves.ts';
import { PlotView } from './plot-view.tsx';
import { usePlots } from './plot-context.ts';
import { usePlotTheme } from './use-plot-theme.ts';

export function LossPlot() {
  const run = useTelemetry((s) => s.runs.at(-1));
  const theme = usePlotTheme();
  const { fileStem } = usePlots();
  const [logY, setLogY] = useState(false);
  const figure = useMemo(() => (run ? lossFigure(run, theme, { logY }) : null), [run, theme, logY]);
  return (
    <>
      <div className="plot-controls">
        {run ? <span data-testid="plot-loss-run">run {run.id}{run.finished ? '' : ' (going on)'}</span> : null}
        <label><input type="checkbox" data-testid="plot-loss-log" checked={logY} onChange={(e) => setLogY(e.target.checked)} /> log scale</label>
      </div>
      <PlotView kind="loss" figure={figure} label="Loss per batch and per epoch, training and validation" empty="Train to see the loss curve." fileName={`${fileStem}-loss`} />
    </>
  );
}

export function MetricsPlot() {
  const run = useTelemetry((s) => s.runs.at(-1));
  const theme = usePlotTheme();
  const { fileStem } = usePlots();
  const figure = useMemo(() => (run ? metricsFigure(run, theme) : null), [run, theme]);
  return <PlotView kind="metrics" figure={figure} label="Validation metrics per epoch" empty="The metrics appear after the first validation (see “validate every” in the training setup)." fileName={`${fileStem}-metrics`} />;
}
