// Chapter 1: f(x) and f′(x) over a range of x for a chain of scalar functions, from the engine's sweep, with the
// chain-rule product of the local derivatives beside the backpropagated derivative (asked again every second
// while a run changes the parameters).

import { useMemo, useRef, useState } from 'react';
import { askEngine } from '../state/engine-requests.ts';
import { useServices, useTelemetry } from '../ui/context.ts';
import { formatNumber } from '../ui/format.ts';
import { chainRuleGap, sweepFigure, sweepRange } from './sweep-figure.ts';
import { PlotView } from './plot-view.tsx';
import { usePlots } from './plot-context.ts';
import { usePlotTheme } from './use-plot-theme.ts';
import { useEngineQuery } from './use-engine-query.ts';

export const SWEEP_POINTS = 201;

function RangeField({ label, value, onCommit, testId }: { label: string; value: number; onCommit: (v: number) => void; testId: string }) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    const parsed = Number(draft);
    if (draft !== null && draft.trim() !== '' && Number.isFinite(parsed)) onCommit(parsed);
    setDraft(null);
  };
  return (
    <label>{label}{' '}
      <input type="number" step="any" data-testid={testId} value={draft ?? String(value)} size={6}
        onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => { if (e.key === 'Enter') commit(); }} />
    </label>
  );
}

export function SweepPlot() {
  const { host } = useServices();
  const { graph, facts, fileStem } = usePlots();
  const theme = usePlotTheme();
  const inputEdge = graph.edges.find((e) => e.from === facts.inputs[0]?.id)?.id;
  // Start from the range of x the data covers (what the input edge carried over the run, or its latest batch).
  const initial = useTelemetry((s) => {
    if (!inputEdge) return '';
    const seen = [...(s.edgeHistory[inputEdge]?.items.map((m) => m.value) ?? []), s.edges[inputEdge]?.value].filter((v) => v !== undefined);
    return seen.length ? sweepRange(Math.min(...seen.map((v) => v.min)), Math.max(...seen.map((v) => v.max))).join(',') : '';
  });
  // The first range known stays (a range creeping outward as batches come would restart the plot).
  const settled = useRef('');
  if (!settled.current && initial) settled.current = initial;
  const [range, setRange] = useState<[number, number] | null>(null);
  const [from, to] = range ?? (settled.current ? (settled.current.split(',').map(Number) as [number, number]) : sweepRange(undefined, undefined));
  const valid = from < to;
  const query = useEngineQuery(valid ? () => askEngine(host, { type: 'sweep', from, to, points: SWEEP_POINTS }) : null, `${from}:${to}`, { liveMs: 1000 });
  const figure = useMemo(() => (query.data ? sweepFigure(query.data, theme) : null), [query.data, theme]);
  const gap = query.data ? chainRuleGap(query.data) : undefined;
  return (
    <>
      <div className="plot-controls">
        <RangeField label="x from" value={from} testId="sweep-from" onCommit={(v) => setRange([v, to])} />
        <RangeField label="to" value={to} testId="sweep-to" onCommit={(v) => setRange([from, v])} />
        {!valid ? <span className="plot-problem" role="alert">“from” must be below “to”.</span> : null}
        {gap !== undefined ? <span data-testid="sweep-gap" data-gap={gap}>largest gap between the two derivatives: {formatNumber(gap)} (relative)</span> : null}
      </div>
      <PlotView kind="sweep" figure={figure} label="f(x) above; below, f′(x) by backpropagation and as the product of local derivatives"
        empty={query.error ?? 'Asking the engine for the sweep…'} fileName={`${fileStem}-f-and-derivative`} />
    </>
  );
}
