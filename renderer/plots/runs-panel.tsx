// The runs of the open document (issue 6 §7): each with when it started, how far it went and its final
// numbers, a CSV of its metrics per epoch, and — two of them chosen — their loss curves overlaid with the
// settings they differ in (e.g. tanh vs sigmoid in one layer, or two learning rates).

import { useMemo, useState } from 'react';
import { useTelemetry } from '../ui/context.ts';
import { formatNumber } from '../ui/format.ts';
import { differingSettings, runToCsv, type RunRecord } from '../state/run-history.ts';
import { compareFigure, metricNames } from './curves.ts';
import { downloadText } from './download.ts';
import { PlotView } from './plot-view.tsx';
import { usePlots } from './plot-context.ts';
import { usePlotTheme } from './use-plot-theme.ts';

const last = <T,>(values: (T | undefined)[]): T | undefined => values.filter((v): v is T => v !== undefined).at(-1);

function finalNumbers(run: RunRecord) {
  const metric = metricNames(run)[0];
  return {
    train: last(run.epochs.map((e) => e.trainLoss)),
    validation: last(run.epochs.map((e) => e.validationLoss)),
    metric: metric === undefined ? undefined : { name: metric, value: last(run.epochs.map((e) => e.metrics[metric])) },
  };
}

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function RunsPanel() {
  const runs = useTelemetry((s) => s.runs);
  const { fileStem } = usePlots();
  const theme = usePlotTheme();
  const [chosen, setChosen] = useState<number[]>([]);
  const [logY, setLogY] = useState(false);
  const present = chosen.filter((id) => runs.some((r) => r.id === id));
  const pair = present.length === 2 ? present.map((id) => runs.find((r) => r.id === id)!).sort((a, b) => a.id - b.id) : null;
  const figure = useMemo(() => (pair ? compareFigure(pair[0]!, pair[1]!, theme, { logY }) : null), [pair?.[0], pair?.[1], theme, logY]);
  const differences = pair ? differingSettings(pair[0]!, pair[1]!) : [];

  // Choosing a third run lets go of the one chosen first.
  const toggle = (id: number, on: boolean) => setChosen((ids) => (on ? [...ids.filter((i) => i !== id), id].slice(-2) : ids.filter((i) => i !== id)));

  if (runs.length === 0) return <p className="plot-empty" data-testid="runs-empty">No runs yet: each Train makes one, kept while this document is open.</p>;
  return (
    <div className="runs">
      <table className="runs-table" data-testid="runs-table">
        <caption>Choose two runs to compare their loss curves.</caption>
        <thead>
          <tr><th scope="col">Compare</th><th scope="col">Run</th><th scope="col">Started</th><th scope="col">Epochs</th><th scope="col">Train loss</th><th scope="col">Validation loss</th><th scope="col">Metric</th><th scope="col">Export</th></tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const numbers = finalNumbers(run);
            const on = present.includes(run.id);
            return (
              <tr key={run.id} data-testid={`run-row-${run.id}`} data-finished={run.finished}>
                <td><input type="checkbox" data-testid={`run-choose-${run.id}`} checked={on} aria-label={`Compare run ${run.id}`} onChange={(e) => toggle(run.id, e.target.checked)} /></td>
                <th scope="row">run {run.id}{run.finished ? '' : ' (going on)'}</th>
                <td>{time(run.startedAt)}</td>
                <td>{run.lastEpoch}</td>
                <td data-testid={`run-train-loss-${run.id}`}>{formatNumber(numbers.train)}</td>
                <td>{formatNumber(numbers.validation)}</td>
                <td>{numbers.metric ? `${numbers.metric.name} ${formatNumber(numbers.metric.value)}` : '—'}</td>
                <td><button type="button" data-testid={`run-csv-${run.id}`} disabled={run.epochs.length === 0} aria-label={`Save run ${run.id}'s metrics as CSV`}
                  onClick={() => downloadText(runToCsv(run), `${fileStem}-run-${run.id}.csv`, 'text/csv')}>CSV</button></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {pair ? (
        <section className="run-compare" aria-label={`Run ${pair[0]!.id} and run ${pair[1]!.id} compared`}>
          <div className="plot-controls">
            <label><input type="checkbox" data-testid="plot-compare-log" checked={logY} onChange={(e) => setLogY(e.target.checked)} /> log scale</label>
          </div>
          <PlotView kind="compare" figure={figure} label={`Loss of run ${pair[0]!.id} and run ${pair[1]!.id}`} empty="Neither run has finished an epoch yet." fileName={`${fileStem}-runs-${pair[0]!.id}-${pair[1]!.id}`} />
          {differences.length > 0 ? (
            <table className="run-differences" data-testid="run-differences">
              <caption>Settings that differ</caption>
              <thead><tr><th scope="col">Setting</th><th scope="col">run {pair[0]!.id}</th><th scope="col">run {pair[1]!.id}</th></tr></thead>
              <tbody>
                {differences.map((d) => (
                  <tr key={d.name} data-testid="run-difference" data-setting={d.name}><th scope="row">{d.name}</th><td>{d.a}</td><td>{d.b}</td></tr>
                ))}
              </tbody>
            </table>
          ) : <p className="plot-empty" data-testid="run-differences-none">The two runs started from the same settings (Train continues from the current parameters, so the second may start where the first ended).</p>}
        </section>
      ) : <p className="plot-empty">{runs.length < 2 ? 'Train again (change a setting first) to have two runs to compare.' : 'Choose two runs to compare.'}</p>}
    </div>
  );
}
