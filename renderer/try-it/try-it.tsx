// Try it (issue 6 §3): feed the model one new input — a digit drawn on a small canvas for an MNIST network, or a
// typed value per feature otherwise — and see its prediction (the class with a bar per class probability, or
// the regression outputs), and that sample's activations on every edge of the canvas: the answer's per-edge
// values go into the telemetry store as a forward picture (not into the training history).

import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { EdgeTelemetry } from '../../core/protocol/telemetry.ts';
import { askEngine } from '../state/engine-requests.ts';
import { formatNumber } from '../ui/format.ts';
import { useDocument, useServices, useTelemetry } from '../ui/context.ts';
import { DigitPad } from './digit-pad.tsx';
import { formatPercent, isScaled, parseFeature, readPrediction, tryItInput, type ReadPrediction } from './input-model.ts';
import { tryItStore } from './try-it-store.ts';

/** The button that opens the panel (placed with the page's tools). */
export function TryItButton() {
  const open = useStore(tryItStore, (s) => s.open);
  const loaded = useTelemetry((s) => s.loaded !== undefined);
  return (
    <button type="button" data-testid="try-it-open" aria-pressed={open} disabled={!loaded && !open}
      title="Feed the model one new input and see its prediction" onClick={() => tryItStore.setState({ open: !open })}>
      Try it
    </button>
  );
}

export function TryIt() {
  const open = useStore(tryItStore, (s) => s.open);
  if (!open) return null;
  return <TryItPanel onClose={() => tryItStore.setState({ open: false })} />;
}

type Answer = { reading: ReadPrediction; edges: number } | { error: string };

function TryItPanel({ onClose }: { onClose: () => void }) {
  const { host, telemetry } = useServices();
  const graph = useTelemetry((s) => s.loaded?.graph);
  const engineNames = useTelemetry((s) => s.loaded?.featureNames);
  const data = useDocument((s) => s.doc?.data);
  const input = tryItInput(graph, data, engineNames);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  // Latest wins: an answer to an older question (a stroke ago) is dropped.
  const asked = useRef(0);
  // A reloaded graph (another document, or an edit) makes the last answer stale.
  useEffect(() => {
    asked.current++;
    setAnswer(null);
    setBusy(false);
  }, [graph]);

  const predict = useCallback(async (row: number[]) => {
    const id = ++asked.current;
    setBusy(true);
    try {
      // In the data's own units (ink 0…1, the CSV's numbers): the engine scales them as it scaled the training rows.
      const reply = await askEngine(host, { type: 'predict', inputs: [row], raw: true });
      if (id !== asked.current) return;
      const outputs = reply.outputs[0];
      if (!outputs) throw new Error('the engine answered with no outputs');
      setAnswer({ reading: readPrediction(reply.task, outputs, data), edges: reply.edges?.length ?? 0 });
      // That sample's activations on the canvas: a forward picture, which does not enter the training history.
      if (reply.edges && reply.edges.length > 0) showOnEdges(reply.edges);
    } catch (error) {
      if (id === asked.current) setAnswer({ error: (error as Error).message });
    } finally {
      if (id === asked.current) setBusy(false);
    }
  }, [host, data]);

  const showOnEdges = (edges: EdgeTelemetry[]) => {
    telemetry.ingest({ type: 'edges', phase: 'forward', edges });
    telemetry.flush();
  };

  return (
    <section className="dock-panel try-it" data-testid="try-it" data-input={input.kind} aria-label="Try it">
      <header>
        <h2>Try it</h2>
        <button type="button" aria-label="Close Try it" data-testid="try-it-close" onClick={onClose}>×</button>
      </header>
      {input.kind === 'unsupported' ? <p className="muted">{input.reason}</p> : null}
      {input.kind === 'digit' ? <DigitInput busy={busy} onPredict={predict} /> : null}
      {input.kind === 'features' ? <FeatureInput key={input.names.join('\u0000')} names={input.names} busy={busy} onPredict={predict} /> : null}
      {input.kind !== 'unsupported' && isScaled(data) ? (
        <p className="muted">{input.kind === 'digit' ? 'Ink from 0 to 1, like the training digits\' pixels' : 'Values in the data\'s own units'}: the engine scales them as it scaled the training rows.</p>
      ) : null}
      {answer && 'error' in answer ? <p className="try-it-error" data-testid="try-it-error" role="alert">{answer.error}</p> : null}
      {answer && 'reading' in answer ? <PredictionView reading={answer.reading} edges={answer.edges} /> : null}
    </section>
  );
}

function DigitInput({ busy, onPredict }: { busy: boolean; onPredict: (row: number[]) => void }) {
  const [digit, setDigit] = useState<Float32Array | null>(null);
  const send = (ink: Float32Array) => onPredict(toRow(ink));
  // Every finished stroke predicts at once; the button predicts again (after training some more, say).
  const onDigit = (next: Float32Array | null) => {
    setDigit(next);
    if (next) send(next);
  };
  return (
    <div className="try-it-input">
      <p className="muted">Draw a digit; each stroke predicts.</p>
      <DigitPad onDigit={onDigit} />
      <button type="button" data-testid="try-it-predict" disabled={!digit || busy} onClick={() => digit && send(digit)}>Predict</button>
    </div>
  );
}

/** Ink as plain numbers for the command (JSON), float32 noise rounded off. */
const toRow = (ink: Float32Array): number[] => Array.from(ink, (v) => Math.round(v * 1e6) / 1e6);

function FeatureInput({ names, busy, onPredict }: { names: string[]; busy: boolean; onPredict: (row: number[]) => void }) {
  const [texts, setTexts] = useState<string[]>(() => names.map(() => '0'));
  const parsed = texts.map(parseFeature);
  const valid = parsed.every((p) => p.ok);
  const submit = () => {
    if (valid) onPredict(parsed.map((p) => (p.ok ? p.value : 0)));
  };
  return (
    <form className="try-it-input try-it-features" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      {names.map((name, i) => {
        const p = parsed[i]!;
        return (
          <label key={name + i} className="field">
            <span>{name}</span>
            <input type="text" inputMode="decimal" data-testid={`try-it-feature-${i}`} value={texts[i]} aria-invalid={!p.ok}
              onChange={(e) => setTexts(texts.map((t, k) => (k === i ? e.target.value : t)))} />
            {!p.ok ? <span className="field-error">{p.error}</span> : null}
          </label>
        );
      })}
      <button type="submit" data-testid="try-it-predict" disabled={!valid || busy}>Predict</button>
    </form>
  );
}

function PredictionView({ reading, edges }: { reading: ReadPrediction; edges: number }) {
  if (reading.task === 'regression') {
    return (
      <div className="try-it-result" data-testid="try-it-prediction" data-task="regression" data-outputs={JSON.stringify(reading.outputs)}>
        <dl>{reading.outputs.map((v, i) => <div key={i}><dt>{reading.labels[i]}</dt><dd>{formatNumber(v)}</dd></div>)}</dl>
        <EdgesNote edges={edges} />
      </div>
    );
  }
  const predicted = reading.predicted!;
  return (
    <div className="try-it-result" data-testid="try-it-prediction" data-task="classification" data-class={reading.labels[predicted]}>
      <p className="try-it-class">Prediction: <strong>{reading.labels[predicted]}</strong> ({formatPercent(reading.outputs[predicted]!)})</p>
      <ul className="probability-bars" aria-label="Class probabilities">
        {reading.outputs.map((p, i) => (
          <li key={i} data-testid={`try-it-bar-${i}`} data-probability={p} className={i === predicted ? 'predicted' : undefined}>
            <span className="bar-label">{reading.labels[i]}</span>
            <span className="bar-track"><span className="bar-fill" style={{ width: `${Math.max(0, Math.min(1, p)) * 100}%` }} /></span>
            <span className="bar-value">{formatPercent(p)}</span>
          </li>
        ))}
      </ul>
      <EdgesNote edges={edges} />
    </div>
  );
}

function EdgesNote({ edges }: { edges: number }) {
  return edges > 0 ? <p className="muted">The canvas edges now show this sample's values (until the next training frame).</p> : null;
}
