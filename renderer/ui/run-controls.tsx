// Train / Pause / Stop / Step (with what flows through step-through: the first batch or one training row),
// the live controls of a run (learning rate, momentum), and the readouts of where the run is: status, epoch,
// the live loss and the rates in force.

import { useEffect, useState } from 'react';
import type { EngineCommand } from '../../core/protocol/commands.ts';
import { attr, formatNumber, runStatusOf } from './format.ts';
import { useDocument, useServices, useTelemetry } from './context.ts';

export function RunControls() {
  const { host } = useServices();
  const loaded = useTelemetry((s) => s.loaded !== undefined);
  const engineStatus = useTelemetry((s) => s.status);
  const waitingForFiles = useDocument((s) => s.missingFiles.length > 0);
  const status = runStatusOf(engineStatus);
  const send = (command: EngineCommand) => host.send(command);

  const ready = loaded && !waitingForFiles && engineStatus !== 'loading';
  const running = engineStatus === 'running';
  const paused = engineStatus === 'paused';
  const active = running || paused || engineStatus === 'stepping';

  return (
    <section className="run-controls" aria-label="Run">
      <div className="buttons">
        <button type="button" data-testid="run-train" disabled={!ready || running}
          onClick={() => send(paused ? { type: 'resume' } : { type: 'train' })}>
          {paused ? 'Resume' : 'Train'}
        </button>
        <button type="button" data-testid="run-pause" disabled={!ready || !(running || paused)} aria-pressed={paused}
          onClick={() => send(paused ? { type: 'resume' } : { type: 'pause' })}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" data-testid="run-stop" disabled={!ready || !active} onClick={() => send({ type: 'stop' })}>Stop</button>
        <button type="button" data-testid="run-step-backward" disabled={!ready || running} onClick={() => send({ type: 'step-backward' })}
          title="Backward one Operation">◀ Step back</button>
        <button type="button" data-testid="run-step-forward" disabled={!ready || running} onClick={() => send({ type: 'step-forward' })}
          title="Forward one Operation">Step ▶</button>
        <button type="button" data-testid="run-reset" disabled={!ready || running} onClick={() => send({ type: 'reset' })}
          title="Draw the parameters again from the seed">Reset</button>
      </div>
      <StepSample disabled={!ready || running} />
      {running || paused ? <LiveControls /> : null}
      <RunReadouts status={status} engineStatus={engineStatus} />
    </section>
  );
}

function RunReadouts({ status, engineStatus }: { status: string; engineStatus: string }) {
  const progress = useTelemetry((s) => s.progress);
  const loss = useTelemetry((s) => s.loss);
  const step = useTelemetry((s) => s.step);
  const formula = useTelemetry((s) => (s.step ? s.formulas[s.step.nodeId]?.[s.step.direction] : undefined));
  const message = useTelemetry((s) => s.statusMessage);
  return (
    <dl className="readouts" aria-live="polite">
      <dt>Status</dt>
      <dd><span data-testid="run-status" data-engine-status={engineStatus} className={`status status-${status}`}>{status}</span>
        {message ? <span className="status-message"> — {message}</span> : null}</dd>
      <dt>Epoch</dt>
      <dd data-testid="epoch" data-epoch={attr(progress?.epoch)} data-epochs={attr(progress?.epochs)}>
        {progress ? `${progress.epoch} / ${progress.epochs}` : '—'}
        {progress ? <span className="batch"> (batch {progress.batch} / {progress.batches})</span> : null}
      </dd>
      <dt>Loss</dt>
      <dd data-testid="loss" data-loss={attr(loss)} data-batch-loss={attr(progress?.batchLoss)} data-validation-loss={attr(progress?.validationLoss)}>
        {formatNumber(loss)}
        {progress?.validationLoss !== undefined ? <span className="validation"> (validation {formatNumber(progress.validationLoss)})</span> : null}
      </dd>
      {progress ? (<><dt>Speed</dt><dd>{Math.round(progress.samplesPerSecond)} samples/s, ETA {Math.ceil(progress.etaSeconds)} s</dd></>) : null}
      {progress ? (<><dt>Rate</dt>
        <dd data-testid="learning-rate" data-learning-rate={attr(progress.learningRate)} data-momentum={attr(progress.momentum)}>
          learning rate {formatNumber(progress.learningRate)}{progress.momentum !== undefined ? `, momentum ${formatNumber(progress.momentum)}` : ''}
        </dd></>) : null}
      {step ? (<><dt>Step</dt><dd data-testid="step" data-step-direction={step.direction} data-step-index={step.index} data-step-total={step.total}
        data-step-node={step.nodeId}>{step.direction} {step.index + 1} / {step.total}: {step.nodeId}</dd></>) : null}
      {step && formula ? (<><dt>Formula</dt><dd className="step-formula" data-testid="step-formula">{formula}</dd></>) : null}
    </dl>
  );
}

/** The largest learning rate a field takes: absurd on purpose is allowed (to watch training blow up), typos like 1e30 are not. */
export const MAX_LEARNING_RATE = 1e6;

/**
 * What step-through runs on (issue 6 §2): the first batch of the seeded shuffle, or one row of the training
 * split (counted from 1 here; the engine counts from 0). The engine answers with step-cleared, which the
 * telemetry store keeps as `stepSample`.
 */
function StepSample({ disabled }: { disabled: boolean }) {
  const { host } = useServices();
  const rows = useTelemetry((s) => s.loaded?.rows.train ?? 0);
  const sample = useTelemetry((s) => s.stepSample);
  const [mode, setMode] = useState<'batch' | 'row'>(sample === null ? 'batch' : 'row');
  const [draft, setDraft] = useState<string | null>(null);
  useEffect(() => setMode(sample === null ? 'batch' : 'row'), [sample]);
  const value = draft ?? String((sample ?? 0) + 1);
  const row = Number(value);
  const error = mode === 'row' && !(Number.isInteger(row) && row >= 1 && row <= Math.max(1, rows)) ? `a row from 1 to ${rows}` : null;
  const select = (next: number | null) => host.send({ type: 'step-select', sample: next });
  const commit = () => {
    if (draft === null || error) return;
    select(row - 1);
    setDraft(null);
  };
  return (
    <div className="step-sample" role="group" aria-label="What step-through runs on">
      <label htmlFor="step-sample-mode">Step through</label>
      <select id="step-sample-mode" data-testid="step-sample-mode" value={mode} disabled={disabled}
        onChange={(e) => {
          const next = e.target.value === 'row' ? 'row' : 'batch';
          setMode(next);
          if (next === 'batch') { setDraft(null); select(null); } else if (!error) select(row - 1);
        }}>
        <option value="batch">the first batch</option>
        <option value="row">one training row</option>
      </select>
      {mode === 'row' ? (
        <>
          <label htmlFor="step-sample-row">row</label>
          <input id="step-sample-row" data-testid="step-sample-row" type="number" min={1} max={rows} step={1} value={value} disabled={disabled}
            aria-invalid={error !== null} data-sample={attr(sample ?? undefined)}
            onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => { if (e.key === 'Enter') commit(); if (e.key === 'Escape') setDraft(null); }} />
          <span className="muted">of {rows}</span>
          {error ? <span className="field-error" role="alert">{error}</span> : null}
        </>
      ) : null}
    </div>
  );
}

/** A number changed live during a run: shows what the engine reports in force, sends the edit on Enter or blur. */
function LiveField({ id, label, current, check, onCommit }: {
  id: string; label: string; current: number | undefined; check: (value: number) => string | null; onCommit: (value: number) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? (current === undefined ? '' : String(current));
  const parsed = Number(value);
  const error = draft === null ? null : value.trim() === '' || !Number.isFinite(parsed) ? 'a number' : check(parsed);
  const commit = () => {
    if (draft === null || error) return;
    onCommit(parsed);
    setDraft(null);
  };
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} data-testid={id} type="number" step="any" value={value} aria-invalid={error !== null}
        onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => { if (e.key === 'Enter') commit(); if (e.key === 'Escape') setDraft(null); }} />
      {error ? <span className="field-error" role="alert">{error}</span> : null}
    </>
  );
}

/** During a run: the learning rate, and the momentum when the optimizer has one, changed live (taken at the next batch). */
function LiveControls() {
  const { host } = useServices();
  const learningRate = useTelemetry((s) => s.progress?.learningRate);
  const momentum = useTelemetry((s) => s.progress?.momentum);
  return (
    <div className="live-controls" role="group" aria-label="Change while training">
      <LiveField id="live-learning-rate" label="learning rate now" current={learningRate}
        check={(v) => (v > 0 && v <= MAX_LEARNING_RATE ? null : `a learning rate is a number above 0, at most ${MAX_LEARNING_RATE.toExponential(0)}`)}
        onCommit={(learningRate) => host.send({ type: 'set-learning-rate', learningRate })} />
      {momentum !== undefined ? (
        <LiveField id="live-momentum" label="momentum now" current={momentum}
          check={(v) => (v >= 0 && v < 1 ? null : 'momentum is a number from 0 up to (not including) 1')}
          onCommit={(momentum) => host.send({ type: 'set-momentum', momentum })} />
      ) : null}
      <span className="muted">takes effect at the next batch</span>
    </div>
  );
}
