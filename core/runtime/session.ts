// The engine session: what runs inside a worker (a Node worker thread in the desktop app, a Web Worker in
// the browser, or in-process in tests) and answers the command protocol with telemetry.
//
// Training advances one batch per scheduled turn, so a pause or stop arriving between batches takes effect
// within one batch. Progress, edge and parameter summaries are sent at most `hz` times a second, computed
// only when a frame is due (latest wins: nothing queues up). Every failure becomes an error message; the
// session itself never throws.
//
// Gradient health (health.ts) rides on the frames: a `health` message follows each frame's summaries while
// there are findings, and one empty list is sent when they clear (not an empty list with every frame).
// Questions the window asks with a requestId (predict, predictions, sweep, tensors) are answered with that
// requestId, errors included.

import type { EngineCommand } from '../protocol/commands.ts';
import { parseCommand } from '../protocol/commands.ts';
import { assertNever } from '../protocol/assert-never.ts';
import type { Telemetry } from '../protocol/telemetry.ts';
import { checkDocument } from '../document/load.ts';
import type { DataHost } from '../data/prepare.ts';
import { prepareRun, type PreparedRun } from './prepare-run.ts';
import type { ParameterStore } from '../graph/types.ts';
import type { RunSummary } from '../document/types.ts';
import { parametersToDocument } from '../document/parameters.ts';
import { EngineError } from '../graph/errors.ts';
import type { Executor } from '../graph/executor.ts';
import { Trainer, type TrainEvent, type TrainResult } from '../train/trainer.ts';
import { TrainingSetupError } from '../train/errors.ts';
import { MemoryBudgetError } from '../train/memory-budget.ts';
import { budgetWarning, sessionBudget } from './memory-budget.ts';
import { checkNodeGradient, DEFAULT_MAX_RELATIVE_ERROR } from '../graph/gradient-check.ts';
import { describeGraph, edgeTelemetry, parameterTelemetry, snapshotParameters } from './describe.ts';
import { findNonFinite } from './non-finite.ts';
import { allFinite } from './summaries.ts';
import { Stepper } from './stepper.ts';
import { HealthMonitor } from './health.ts';
import { LiveSettings } from './live-settings.ts';
import { predict, predictions, startingParameters } from './predict.ts';
import { activations } from './activations.ts';
import { textSample } from './text-samples.ts';
import { sweep } from './sweep.ts';
import { defaultPlatform, type Platform } from './platform.ts';
import { TensorRequests } from './tensor-requests.ts';
import { backendInfo, getBackend } from '../backend/index.ts';
import type { BackendName } from '../train/config.ts';
import { noteEpochEnd, progressTelemetry, runSummary, type ActiveRun, type BatchEvent } from './active-run.ts';

export interface SessionOptions {
  post(telemetry: Telemetry, transfer?: ArrayBuffer[]): void;
  dataHost: DataHost;
  platform?: Partial<Platform>;
  /** Telemetry frames per second (default 30; 0 turns streaming off). */
  hz?: number;
  /**
   * The share of training time telemetry may take (default 0.02). Frames are computed only when due, and a
   * frame that took c ms delays the next by at least c / budget, so a big model gets fewer frames per
   * second rather than a slower training loop.
   */
  budget?: number;
}


/** An error's message for the window (an unexpected one says it is internal), and the node it names. */
function describeFailure(error: unknown): { message: string; nodeId?: string } {
  const known = error instanceof EngineError || error instanceof TrainingSetupError;
  const message = known ? (error as Error).message : `internal error: ${(error as Error)?.message ?? String(error)}`;
  const nodeId = error instanceof EngineError || error instanceof MemoryBudgetError ? error.nodeId : undefined;
  return nodeId ? { message, nodeId } : { message };
}

export class EngineSession {
  private readonly platform: Platform;
  private hz: number;
  /** The settings' memory budget in bytes; undefined = the default (DEFAULT_MEMORY_BUDGET_BYTES). */
  private memoryBudgetBytes: number | undefined;
  private run: PreparedRun | undefined;
  private name = '';
  /** A backend chosen with set-backend for the loaded document's next runs (the file's own choice otherwise). */
  private backendChoice: BackendName | undefined;
  /** Parameters carried from run to run (Train continues; Reset forgets them). */
  private params: ParameterStore | undefined;
  private active: ActiveRun | undefined;
  private paused = false;
  private stepper: Stepper | undefined;
  /** The last run's executor, kept when the run ends so its last batch can still be looked at (the tensor viewer). */
  private lastRunExecutor: Executor | undefined;
  private lastFrameAt = -Infinity;
  /** Milliseconds the last telemetry frame cost the training loop (snapshot + summaries + posting). */
  private lastFrameCost = 0;
  private readonly budget: number;
  /** The learning rate and momentum changed live (they outlive a run, not the document). */
  private live = new LiveSettings();
  /** The training row step-through follows (null: the first batch), kept until another document loads. */
  private stepSample: number | null = null;
  /** How many health warnings the window was last sent, so a cleared set is sent once, as an empty list. */
  private healthShown = 0;
  private readonly tensors = new TensorRequests();
  /** The latest batch event, which the next telemetry frame describes. */
  private lastBatch: BatchEvent | undefined;
  /** What the last finished run achieved, saved beside the parameters. */
  private lastSummary: RunSummary | undefined;

  constructor(private readonly options: SessionOptions) {
    this.platform = { ...defaultPlatform, ...options.platform };
    this.hz = options.hz ?? 30;
    this.budget = options.budget ?? 0.02;
  }

  /** Handle one message from the window. Never throws. */
  handle(message: unknown): void {
    const parsed = parseCommand(message);
    if (!parsed.ok) return this.post({ type: 'error', message: parsed.error });
    try {
      const pending = this.dispatch(parsed.command);
      if (pending) pending.catch((error: unknown) => this.fail(error));
    } catch (error) {
      this.fail(error);
    }
  }

  private dispatch(command: EngineCommand): Promise<void> | void {
    switch (command.type) {
      case 'load': return this.load(command.document, command.files ?? {});
      case 'train': return this.train(command.epochs);
      case 'pause': return this.pause();
      case 'resume': return this.resume();
      case 'stop': return this.stop();
      case 'reset': return this.reset();
      case 'step-forward': return this.step('forward');
      case 'step-backward': return this.step('backward');
      case 'step-select': return this.selectStep(command.sample);
      case 'run-batch': return this.runOneBatch();
      case 'evaluate': return this.evaluate();
      case 'gradient-check': return this.gradientCheck(command.nodeId);
      case 'request-tensor': return this.sendTensor(command.requestId, command.tensor);
      case 'export-parameters':
        return this.exportParameters(command.requestId);
      case 'set-backend':
        this.backendChoice = command.backend;
        // A run keeps the kernels it started with: the frame then comes when the next run starts.
        if (this.active) return this.post({ type: 'warning', message: `the ${command.backend} backend takes over when the next run starts` });
        return this.postBackend();
      case 'set-learning-rate':
        return this.live.setLearningRate(command.learningRate, this.active?.trainer.optimizer);
      case 'set-momentum':
        return this.setMomentum(command.momentum);
      case 'predict':
        return this.answer(command.requestId, (run) => predict(run, this.currentParameters(), command.requestId, command.inputs, command.raw === true));
      case 'predictions':
        return this.answer(command.requestId, (run) => predictions(run, this.currentParameters(), command.requestId, command.split));
      case 'activations':
        return this.answer(command.requestId, (run) => activations(run, this.currentParameters(), command.requestId, command.nodeId, command.split, command.limit, command.inputs === true));
      case 'sweep':
        return this.answer(command.requestId, (run) => sweep(run.graph, run.config, this.currentParameters(), command.requestId, command.from, command.to, command.points));
      case 'set-telemetry-rate':
        this.hz = command.hz;
        return;
      case 'set-memory-budget':
        this.memoryBudgetBytes = command.bytes;
        return;
      default:
        return assertNever(command, 'command');
    }
  }

  private post(telemetry: Telemetry, transfer?: ArrayBuffer[]): void {
    this.options.post(telemetry, transfer);
  }

  private fail(error: unknown): void {
    const { message, nodeId } = describeFailure(error);
    this.active = undefined;
    this.post({ type: 'error', message, ...(nodeId ? { nodeId } : {}) });
    this.post({ type: 'status', status: 'error', message });
  }

  private async load(document: unknown, files: Record<string, Uint8Array>): Promise<void> {
    this.active = undefined;
    this.stepper = undefined;
    this.lastRunExecutor = undefined;
    const hadSample = this.stepSample !== null;
    this.stepSample = null;
    // A document states its own learning rate and momentum (editing them in the file reloads it).
    this.live = new LiveSettings();
    this.clearHealth();
    this.params = undefined;
    this.lastSummary = undefined; // a summary belongs to the parameters it describes
    this.post({ type: 'status', status: 'loading' });
    const checked = checkDocument(document as Parameters<typeof checkDocument>[0]);
    if (checked.errors.length > 0) {
      const message = checked.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n');
      this.post({ type: 'error', message });
      return this.post({ type: 'status', status: 'error', message });
    }
    for (const warning of checked.warnings) this.post({ type: 'warning', message: warning });
    // Files the window handed over (picked in a browser) are served before the host's own reader.
    const host: DataHost = {
      readFile: async (path) => files[path] ?? this.options.dataHost.readFile(path),
      readAsset: (name) => this.options.dataHost.readAsset(name),
    };
    const prepared = await prepareRun(checked.doc, host);
    if (!prepared.ok) {
      const message = prepared.errors.join('\n');
      this.post({ type: 'error', message });
      return this.post({ type: 'status', status: 'error', message });
    }
    this.run = prepared.run;
    this.params = prepared.run.parameters;
    // The file's summary describes the parameters it holds; it is saved again with them until a run replaces it.
    this.lastSummary = prepared.run.parameters ? checked.doc.runSummary : undefined;
    this.name = checked.doc.name ?? 'untitled';
    const { data, config, graph } = prepared.run;
    this.backendChoice = undefined;
    this.post({
      type: 'loaded', name: this.name, graph: describeGraph(graph), dataReport: data.report, backend: config.backend,
      ...(data.featureNames.length <= 64 ? { featureNames: data.featureNames } : {}),
      rows: { train: data.train.x.shape[0]!, validation: data.validation?.x.shape[0] ?? 0, test: data.test?.x.shape[0] ?? 0 },
    });
    this.postBackend();
    // A graph too big to train still opens (so it can be fixed); say so now rather than at Train.
    const tooBig = budgetWarning(graph, config, this.memoryBudgetBytes);
    if (tooBig) this.post({ type: 'warning', ...tooBig });
    // The picked training row belonged to the last document: step-through is back on the first batch.
    if (hadSample) this.post({ type: 'step-cleared', sample: null, rows: Math.min(config.batchSize, data.train.x.shape[0]!) });
    this.post({ type: 'status', status: 'ready' });
  }

  /** The kernels the next run uses: set-backend's choice, else the file's. */
  private backend() {
    return getBackend(this.backendChoice ?? this.run?.config.backend ?? 'reference');
  }

  /** Which kernels runs use here and how they execute (wasm flavour, FMA): the app and the CLI show it. */
  private postBackend(): void {
    this.post({ type: 'backend', backend: backendInfo(this.backend()) });
  }

  private requireRun(): PreparedRun {
    if (!this.run) throw new EngineError('no document is loaded');
    return this.run;
  }

  private startRun(epochs?: number): ActiveRun {
    const run = this.requireRun();
    const config = this.live.applyTo({ ...run.config, epochs: epochs ?? run.config.epochs });
    const trainer = new Trainer({
      graph: run.graph, config, train: run.data.train, backend: this.backend(),
      ...(run.data.validation ? { validation: run.data.validation } : {}),
      ...(this.params ? { parameters: this.params } : {}),
      memoryBudget: sessionBudget(this.memoryBudgetBytes),
    });
    this.params = trainer.params;
    this.stepper = undefined;
    if (this.backendChoice) this.postBackend();
    return {
      trainer, iterator: trainer.run(), health: new HealthMonitor(run.graph),
      epochs: config.epochs, batchesDone: 0, samplesDone: 0, lossSum: 0, samplesSum: 0, startedAt: this.platform.now(), endedEpochs: [],
    };
  }

  private train(epochs?: number): void {
    if (this.active && this.paused) return this.resume();
    if (this.active) return;
    this.active = this.startRun(epochs);
    this.paused = false;
    this.post({ type: 'status', status: 'running' });
    this.platform.schedule(() => this.advance());
  }

  private pause(): void {
    if (!this.active || this.paused) return;
    this.paused = true;
    this.sendFrame(this.active, true);
    this.post({ type: 'status', status: 'paused' });
  }

  private resume(): void {
    if (!this.active || !this.paused) return;
    this.paused = false;
    this.post({ type: 'status', status: 'running' });
    this.platform.schedule(() => this.advance());
  }

  private stop(): void {
    if (!this.active) return;
    this.active.iterator.return(undefined as unknown as TrainResult);
    this.sendFrame(this.active, true);
    this.lastRunExecutor = this.active.trainer.executor;
    this.active = undefined;
    this.paused = false;
    this.post({ type: 'status', status: 'done', message: 'stopped' });
  }

  private reset(): void {
    this.stop();
    this.params = undefined;
    this.lastSummary = undefined;
    this.stepper = undefined;
    this.lastRunExecutor = undefined;
    this.clearHealth();
    this.post({ type: 'status', status: 'ready', message: 'parameters will be drawn again from the seed' });
  }

  /** One scheduled turn of training: one batch (and whatever events follow it), then yield. */
  private advance(singleBatch = false): void {
    const active = this.active;
    if (!active || (this.paused && !singleBatch)) return;
    try {
      const now = this.platform.now();
      const frameDue = this.hz > 0 && now - this.lastFrameAt >= Math.max(1000 / this.hz, this.lastFrameCost / this.budget);
      const before = frameDue ? snapshotParameters(active.trainer.params) : undefined;
      const snapshotCost = frameDue ? this.platform.now() - now : 0;
      for (;;) {
        const step = active.iterator.next();
        if (step.done) return this.finish(active);
        if (!this.onEvent(active, step.value, before, snapshotCost)) return;
        if (step.value.type === 'batch') break;
      }
    } catch (error) {
      return this.fail(error);
    }
    if (singleBatch) {
      this.paused = true;
      this.sendFrame(active, true);
      return this.post({ type: 'status', status: 'paused' });
    }
    this.platform.schedule(() => this.advance());
  }

  /** Returns false when training must not go on (a NaN paused it). */
  private onEvent(active: ActiveRun, event: TrainEvent, before: ReturnType<typeof snapshotParameters> | undefined, snapshotCost = 0): boolean {
    switch (event.type) {
      case 'batch': {
        active.batchesDone++;
        active.samplesDone += event.samples;
        this.lastBatch = event;
        active.lossSum += event.loss * event.samples;
        active.samplesSum += event.samples;
        if (!Number.isFinite(event.loss) || !this.gradientsFinite(active)) {
          const origin = findNonFinite(active.trainer.executor);
          const message = `${origin?.message ?? 'the loss became NaN or Inf'} at epoch ${event.epoch + 1}, batch ${event.batch + 1}; training paused`;
          this.paused = true;
          this.sendFrame(active, true, event);
          this.post({ type: 'error', message, ...(origin ? { nodeId: origin.nodeId } : {}) });
          this.post({ type: 'status', status: 'paused', message });
          return false;
        }
        active.health.afterBatch(active.trainer.executor);
        if (before) {
          const started = this.platform.now();
          this.sendFrame(active, false, event, before);
          this.lastFrameCost = snapshotCost + this.platform.now() - started;
        }
        return true;
      }
      case 'epoch':
        active.health.endEpoch(event.epoch);
        active.lastEpochLoss = event.trainLoss;
        noteEpochEnd(active, event.epoch + 1, event.trainLoss);
        this.postTextSample(active, event.epoch + 1);
        active.lossSum = 0;
        active.samplesSum = 0;
        return true;
      case 'evaluation':
        active.lastValidation = { loss: event.validation.loss, metrics: event.validation.metrics as Record<string, number> };
        this.post({ type: 'evaluation', epoch: event.epoch + 1, split: 'validation', loss: event.validation.loss, metrics: event.validation.metrics });
        return true;
      case 'early-stop':
        this.post({ type: 'warning', message: `stopped early after epoch ${event.epoch + 1}; kept the parameters of epoch ${event.restoredEpoch}` });
        return true;
      default:
        return assertNever(event, 'training event');
    }
  }

  /** A character model writes a line of text after each epoch (nothing for other data). */
  private postTextSample(active: ActiveRun, epoch: number): void {
    const sample = this.run ? textSample(this.run, active.trainer, epoch) : null;
    if (sample) this.post(sample);
  }

  private gradientsFinite(active: ActiveRun): boolean {
    for (const grad of active.trainer.executor.paramGrads.values()) if (!allFinite(grad)) return false;
    return true;
  }

  /** Progress, edge and parameter summaries of the latest batch (only when a frame is due, unless forced). */
  private sendFrame(active: ActiveRun, force: boolean, batch?: BatchEvent, before?: ReturnType<typeof snapshotParameters>): void {
    const last = batch ?? this.lastBatch;
    if (!last || (!force && this.hz <= 0)) return;
    this.lastFrameAt = this.platform.now();
    this.post(progressTelemetry(active, last, this.lastFrameAt, this.platform.wallClock()));
    const executor = active.trainer.executor;
    this.post({ type: 'edges', phase: 'both', edges: edgeTelemetry(executor) });
    const parameters = parameterTelemetry(active.trainer.params, executor, before);
    this.post({ type: 'parameters', parameters });
    // Only a frame that follows a fresh batch (it has a snapshot to measure updates against) advances the
    // health checks; a forced frame (pause, stop, the end) repeats the current findings.
    if (before) active.health.frame(executor, parameters);
    this.sendHealth(active.health.warnings());
  }

  private sendHealth(warnings: ReturnType<HealthMonitor['warnings']>): void {
    if (warnings.length > 0 || this.healthShown > 0) this.post({ type: 'health', warnings });
    this.healthShown = warnings.length;
  }

  private clearHealth(): void {
    if (this.healthShown > 0) this.sendHealth([]);
  }

  private finish(active: ActiveRun): void {
    this.sendFrame(active, true);
    this.lastSummary = runSummary(active, this.lastBatch);
    this.lastRunExecutor = active.trainer.executor;
    this.active = undefined;
    this.paused = false;
    const { data } = this.requireRun();
    if (data.test) {
      const test = active.trainer.evaluate(data.test);
      this.post({ type: 'evaluation', epoch: active.epochs, split: 'test', loss: test.loss, metrics: test.metrics });
    }
    this.post({ type: 'status', status: 'done' });
  }

  private runOneBatch(): void {
    if (!this.active) {
      this.active = this.startRun();
      this.paused = true;
    }
    this.advance(true);
  }

  private evaluate(): void {
    const run = this.requireRun();
    const trainer = this.active?.trainer ?? new Trainer({
      graph: run.graph, config: run.config, train: run.data.train, backend: this.backend(), memoryBudget: sessionBudget(this.memoryBudgetBytes),
      ...(this.params ? { parameters: this.params } : {}),
    });
    this.params = trainer.params;
    for (const [split, data] of [['validation', run.data.validation], ['test', run.data.test]] as const) {
      if (!data) continue;
      const result = trainer.evaluate(data);
      this.post({ type: 'evaluation', epoch: 0, split, loss: result.loss, metrics: result.metrics });
    }
  }

  private step(direction: 'forward' | 'backward'): void {
    const run = this.requireRun();
    if (this.active && !this.paused) throw new EngineError('pause or stop training before stepping');
    this.stepper ??= new Stepper(run.graph, this.params, run.config, run.data.train, this.stepSample);
    this.post({ type: 'status', status: 'stepping' });
    this.post(direction === 'forward' ? this.stepper.forward() : this.stepper.backward());
  }

  /** Step-through starts over with one training row (or the first batch), from the current parameters. */
  private selectStep(sample: number | null): void {
    const run = this.requireRun();
    const rows = run.data.train.x.shape[0]!;
    if (sample !== null && sample >= rows) {
      return this.post({ type: 'error', message: `there is no training row ${sample}: the training split has ${rows} rows (0 to ${rows - 1})` });
    }
    this.stepSample = sample;
    this.stepper = new Stepper(run.graph, this.params, run.config, run.data.train, sample);
    this.post({ type: 'step-cleared', sample, rows: this.stepper.rows });
  }

  private setMomentum(momentum: number): void {
    this.live.setMomentum(momentum, this.active?.trainer.optimizer);
    const kind = this.run?.config.optimizer.kind;
    if (kind && kind !== 'SGDMomentum') {
      this.post({ type: 'warning', message: `the ${kind} optimizer has no momentum; the value is kept for a run with SGDMomentum` });
    }
  }

  /** The parameters predictions use: the running trainer's, else the last run's or the file's (else none yet). */
  private currentParameters(): ParameterStore | undefined {
    return this.active?.trainer.params ?? this.params;
  }

  /**
   * Answer a question that carries a requestId. A failure is answered with that requestId and leaves a
   * run going (a question asked during training must not end it).
   */
  private answer(requestId: number, respond: (run: PreparedRun) => Telemetry): void {
    if (!this.run) return this.post({ type: 'error', message: 'no document is loaded', requestId });
    let reply: Telemetry;
    try {
      reply = respond(this.run);
    } catch (error) {
      const { message, nodeId } = describeFailure(error);
      reply = { type: 'error', message, requestId, ...(nodeId ? { nodeId } : {}) };
    }
    this.post(reply);
  }

  private gradientCheck(nodeId: string): void {
    const run = this.requireRun();
    const node = run.graph.byId.get(nodeId);
    if (!node) throw new EngineError(`there is no node "${nodeId}"`);
    const stepper = new Stepper(run.graph, this.params, run.config, run.data.train);
    for (let i = 0; i < run.graph.nodes.length; i++) stepper.forward();
    const executor = stepper.executor;
    const inputs = node.inputEdges.map((e) => executor.values.get(e.from)!);
    const params = node.op.params.map((p) => executor.params.get(`${node.id}.${p.name}`)!);
    const comparisons = checkNodeGradient(node, inputs, params, { compat: run.config.compat });
    const tolerance = DEFAULT_MAX_RELATIVE_ERROR;
    this.post({
      type: 'gradient-check', nodeId, tolerance,
      passed: comparisons.every((c) => c.maxRelativeError <= tolerance),
      comparisons: comparisons.map((c) => ({ name: c.name, maxRelativeError: c.maxRelativeError })),
    });
  }

  private exportParameters(requestId: number): void {
    const params = this.active?.trainer.params ?? this.params;
    // None (nothing trained, or Reset since): the saved file holds no parameters, so it opens drawing them from the seed.
    const summary = params ? this.lastSummary : undefined;
    this.post({ type: 'trained-parameters', requestId, parameters: params ? parametersToDocument(params) : {}, ...(summary ? { runSummary: summary } : {}) });
  }

  private sendTensor(requestId: number, request: Extract<EngineCommand, { type: 'request-tensor' }>['tensor']): void {
    // A step-through pass is newer than the last run's batch (training drops the stepper).
    const executor = this.active?.trainer.executor ?? this.stepper?.executor ?? this.lastRunExecutor;
    // Before any training the weights are the ones a run would start from (the weights plot, the viewer).
    const store = this.active?.trainer.params ?? this.params ?? (this.run ? startingParameters(this.run.graph, this.run.config) : undefined);
    const found = this.tensors.find(request, executor, store);
    if (!found.ok) return this.post({ type: 'error', message: found.error, requestId });
    this.post({ type: 'tensor', requestId, shape: found.shape, data: found.data }, [found.data.buffer as ArrayBuffer]);
  }
}
