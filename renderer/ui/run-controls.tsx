// Train / Pause / Stop / Step, and the readouts of where the run is: status, epoch and the live loss.

import { useState } from 'react';
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
      {running || paused ? <LiveControls /> : null}
      <RunReadouts status={status} engineStatus={engineStatus} />
    </section>
  );
}

function RunReadouts({ status, engineStatus }: { status: string; engineStatus: string }) {
  const progress = useTelemetry((s) => s.progress);
  const loss = useTelemetry((s) => s.loss);
  const step = useTelemetry((s) => s.step);
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
      {step ? (<><dt>Step</dt><dd data-testid="step">{step.direction} {step.index + 1} / {step.total}: {step.nodeId}</dd></>) : null}
    </dl>
  );
}

/** During a run: the learning rate, changed live (the engine takes it at the next batch). */
function LiveControls() {
  const { host } = useServices();
  const current = useTelemetry((s) => s.progress?.learningRate);
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? (current === undefined ? '' : String(current));
  const parsed = Number(value);
  const error = draft === null ? null : !(Number.isFinite(parsed) && parsed > 0 && parsed <= 100) ? 'a learning rate is a number above 0, at most 100' : null;
  const commit = () => {
    if (draft === null || error) return;
    host.send({ type: 'set-learning-rate', learningRate: parsed });
    setDraft(null);
  };
  return (
    <div className="live-controls" role="group" aria-label="Change while training">
      <label htmlFor="live-learning-rate">learning rate now</label>
      <input id="live-learning-rate" data-testid="live-learning-rate" type="number" step="any" value={value} aria-invalid={error !== null}
        onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => { if (e.key === 'Enter') commit(); if (e.key === 'Escape') setDraft(null); }} />
      {error ? <span className="field-error" role="alert">{error}</span> : <span className="muted">takes effect at the next batch</span>}
    </div>
  );
}
