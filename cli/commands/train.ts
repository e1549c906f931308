// gradflow train FILE — train as the file says (with any flag overrides), report per epoch and per
// evaluation, then the final validation and test metrics; --save writes the trained document atomically.

import { resolve } from 'node:path';
import { FIXED_COLUMN_BUILTINS, type DataSourceSpec } from '../../core/data/source.ts';
import { serializeDocument } from '../../core/document/serialize.ts';
import type { DataSource } from '../../core/document/types.ts';
import { effectiveDataSource, withTrainedParameters, type PreparedRun, type RunOverrides } from '../../core/runtime/prepare-run.ts';
import type { PartialRunConfig } from '../../core/train/config.ts';
import type { Evaluation, Trainer } from '../../core/train/trainer.ts';
import type { Dataset } from '../../core/train/trainer.ts';
import { flag } from '../args.ts';
import { defineCommand, Output, type Context } from '../context.ts';
import { DATA_FLAGS, LIMIT_FLAG, dataOverrides, type DataOverrides } from '../data-flags.ts';
import { guardEngine, makeTrainer, openDocument, prepare, printPreamble, relocate, type OpenedDocument } from '../document.ts';
import { CliError } from '../errors.ts';
import { evaluationRecord, formatCount, formatEvaluation, formatNumber, formatSeconds, plural } from '../format.ts';
import { runTraining, type TextSampler } from '../training-loop.ts';
import { NumpyRandom } from '../../core/tensor/random.ts';
import { sampleText, windowCharacters } from '../../core/train/text-sampling.ts';
import { BACKEND_FLAG, backendFromFlag } from '../backend.ts';
import { checkDocumentFits, MEMORY_BUDGET_FLAG, memoryBudgetFromFlag } from '../memory-budget.ts';
import { backendInfo } from '../../core/backend/index.ts';

const FLAGS = {
  epochs: flag.int('N', 'train for N epochs instead of the file\'s number', { min: 1, max: 1_000_000 }),
  seed: flag.int('N', 'the seed for initialisation, shuffling and dropout', { min: 0, max: 2 ** 32 - 1 }),
  'batch-size': flag.int('N', 'rows per batch', { min: 1, max: 10_000_000 }),
  lr: flag.number('X', 'the learning rate (the optimizer stays the file\'s)', { above: 0, max: 1e6 }),
  ...BACKEND_FLAG,
  ...MEMORY_BUDGET_FLAG,
  save: flag.string('OUT', 'write the document with the trained parameters and a run summary to OUT (may be FILE itself)'),
  'sample-every': flag.int('N', 'character models: print generated text every N batches (default: after every epoch)', { min: 1, max: 1_000_000_000 }),
  'sample-length': flag.int('N', 'character models: how many characters each sample has (default 80)', { min: 1, max: 10_000 }),
  json: flag.bool('print one JSON object per line on stdout: {"type":"eval",…} per evaluation, then {"type":"done",…}'),
  ...LIMIT_FLAG,
  ...DATA_FLAGS,
} as const;

export const train = defineCommand({
  spec: {
    name: 'train',
    summary: 'train a .gradflow file as it says, with a progress bar, and report validation and test metrics',
    positionals: [{ name: 'FILE', help: 'the .gradflow document to train', required: true }],
    flags: FLAGS,
    notes: [
      'A file that holds trained parameters continues from them; the run settings are the file\'s unless a flag',
      'overrides them. Paths on the command line are relative to the current folder; paths inside the file to',
      'its own folder. Every epoch prints its time and every evaluation its metrics; on a terminal a progress',
      'bar shows the running epoch (batch, loss, samples/s, ETA) on stderr. A character model (text data) also',
      'prints text it generates after every epoch, or every N batches with --sample-every N.',
    ],
  },
  async run(ctx, { flags, positionals }) {
    const out = new Output(ctx, flags.json === true);
    const backend = backendFromFlag(flags.backend);
    const opened = openDocument(ctx, positionals[0]!);
    // A save that cannot happen (no such folder, not writable, a folder in the way) is found before training.
    if (flags.save !== undefined) ctx.host.saveTarget(resolve(ctx.cwd, flags.save));
    const training: PartialRunConfig = {
      ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags['batch-size'] !== undefined ? { batchSize: flags['batch-size'] } : {}),
      // prepareRun merges only the top level, so the file's optimizer settings are carried along here.
      ...(flags.lr !== undefined ? { optimizer: { ...opened.doc.training.optimizer, learningRate: flags.lr } } : {}),
      ...(backend !== undefined ? { backend } : {}),
    };
    const memoryBudget = memoryBudgetFromFlag(flags['memory-budget']);
    checkDocumentFits(opened, training, memoryBudget);
    const data = dataOverrides(flags, ctx.cwd, opened.doc.data);
    const prepared = await prepare(ctx, opened, { training, ...data.overrides }, data.paths);
    printPreamble(out, opened, prepared);
    const { run } = prepared;
    const config = run.config;
    const trainer = makeTrainer(opened, run, { memoryBudget, ...(run.parameters ? { parameters: run.parameters } : {}) });
    const rows = run.data.train.x.shape[0]!;
    const { optimizer } = config;
    out.info(`training ${opened.path}: ${plural(config.epochs, 'epoch')} of ${plural(Math.ceil(rows / config.batchSize), 'batch', 'batches')} ` +
      `(${formatCount(rows)} rows, batch size ${config.batchSize}), ${optimizer.kind} learning rate ${formatNumber(optimizer.learningRate)}, ` +
      `seed ${config.seed}, ${config.backend} backend (${trainer.backend.description})${run.parameters ? ', continuing from the parameters saved in the file' : ''}`);

    const sampler = run.data.vocabulary
      ? textSampler(trainer, run.data.vocabulary, run.data.train, config.seed, flags['sample-every'], flags['sample-length'] ?? 80)
      : undefined;
    if (!sampler && (flags['sample-every'] !== undefined || flags['sample-length'] !== undefined)) {
      out.warn('--sample-every and --sample-length apply to character models (text data); this data is not text');
    }
    const loop = await guardEngine(opened, () => runTraining(trainer, config, rows, out, ctx.stderr, sampler));
    if (loop.diverged) {
      const { epoch, loss, value } = loop.diverged;
      throw new CliError(`training diverged at epoch ${epoch}: the ${loss} loss became ${value} — try a smaller learning rate ` +
        `than ${formatNumber(optimizer.learningRate)} (--lr)${flags.save !== undefined ? `; ${flags.save} was not saved` : ''}`);
    }
    if (!loop.result) {
      out.info(`interrupted during epoch ${loop.interruptedInEpoch}${flags.save ? '; nothing was saved' : ''}`);
      return 130;
    }
    const result = loop.result;
    if (!result.stoppedEarly && result.keptEpoch < result.epochsRun) {
      out.info(`kept the parameters of epoch ${result.keptEpoch}, which had the lowest validation loss`);
    }

    const finalSplit: [string, Dataset] = run.data.validation ? ['validation', run.data.validation] : ['training rows (the data has no validation split)', run.data.train];
    const final = guardEngine(opened, () => trainer.evaluate(finalSplit[1]));
    const test = run.data.test ? guardEngine(opened, () => trainer.evaluate(run.data.test!)) : undefined;
    out.info(`final ${finalSplit[0]} (${plural(finalSplit[1].x.shape[0]!, 'row')}): ${formatEvaluation(final)}`);
    if (test) out.info(`test (${plural(run.data.test!.x.shape[0]!, 'row')}): ${formatEvaluation(test)}`);
    const samplesPerSecond = loop.trainingSeconds > 0 ? loop.samples / loop.trainingSeconds : 0;
    out.info(`trained ${plural(result.epochsRun, 'epoch')} in ${formatSeconds(loop.seconds)} (${formatCount(samplesPerSecond)} samples/s)`);

    let saved: string | null = null;
    if (flags.save !== undefined) {
      const dataSource = savedDataSource(opened, data, run);
      saved = save(ctx, opened, flags.save, dataSource, data.paths, trainer, final, result.trainLosses[result.keptEpoch - 1] ?? result.trainLosses.at(-1), result.epochsRun, run.data.validation !== undefined);
      out.info(`saved ${flags.save} (trained parameters and a run summary)`);
    }
    if (out.json) {
      out.record({
        type: 'done', metrics: evaluationRecord(final), metricsOn: run.data.validation ? 'validation' : 'train',
        testMetrics: test ? evaluationRecord(test) : null, epochs: result.epochsRun, keptEpoch: result.keptEpoch,
        stoppedEarly: result.stoppedEarly, seconds: loop.seconds, samplesPerSecond, saved, backend: backendInfo(trainer.backend),
      });
    }
    return 0;
  },
});

/** Samples start from the first training window and draw with their own generator (the run's stays untouched). */
function textSampler(trainer: Trainer, vocabulary: string[], train: Dataset, seed: number, everyBatches: number | undefined, length: number): TextSampler {
  const random = new NumpyRandom(seed);
  const start = windowCharacters(train.x, 0, vocabulary.length);
  return {
    ...(everyBatches !== undefined ? { everyBatches } : {}),
    sample: () => sampleText({ predict: (x) => trainer.predict(x), vocabulary, start, length, random }),
  };
}

/**
 * The data settings the run actually used, to save with its parameters so that eval and predict of the
 * saved file see the same rows, split and scaling: the file's source with the data flags applied (--data,
 * --target, --limit), the separate test set (--test-data), and a categorical target's classes in the order
 * of the model's outputs. Paths are still as given (the document's relative, the command line's absolute);
 * relocate() writes them relative to the saved file.
 */
function savedDataSource(opened: OpenedDocument, data: DataOverrides, run: PreparedRun): DataSource | undefined {
  const overrides: RunOverrides = data.overrides;
  const source = effectiveDataSource(opened.doc, overrides.data);
  if (!source) return undefined;
  const saved: DataSourceSpec = { ...source, ...(overrides.testData ? { testData: overrides.testData as DataSourceSpec['testData'] } : {}) };
  const fixedClasses = (source.kind === 'builtin' && FIXED_COLUMN_BUILTINS.includes(source.name))
    || (source.kind === 'file' && (source.format === 'idx' || (source.format === undefined && !/\.(csv|json)(\.gz)?$/i.test(source.path))));
  if (source.categorical === true && run.data.classes && !fixedClasses) saved.classes = [...run.data.classes];
  // Drop the keys the merge left undefined, so the file holds only settings.
  return JSON.parse(JSON.stringify(saved)) as DataSource;
}

function save(
  ctx: Context, opened: OpenedDocument, target: string, data: DataSource | undefined, commandLinePaths: ReadonlySet<string>,
  trainer: Trainer, final: Evaluation, trainLoss: number | undefined, epochs: number, onValidation: boolean,
): string {
  const full = resolve(ctx.cwd, target);
  if (!Number.isFinite(final.loss)) {
    throw new CliError(`not saving ${target}: training diverged (the loss is ${final.loss}); try a lower learning rate with --lr`);
  }
  const summary = {
    epochs,
    ...(trainLoss !== undefined && Number.isFinite(trainLoss) ? { trainLoss } : {}),
    ...(onValidation ? { validationLoss: final.loss } : {}),
    metrics: Object.fromEntries(Object.entries(final.metrics).filter(([, v]) => Number.isFinite(v))) as Record<string, number>,
    finishedAt: new Date().toISOString(),
  };
  const trained = withTrainedParameters(opened.doc, trainer.params, summary);
  const doc = relocate(data ? { ...trained, data } : trained, opened.fullPath, full, commandLinePaths);
  let text: string;
  try {
    text = serializeDocument(doc);
  } catch (error) {
    throw new CliError(`${(error as Error).message} (${target} was not written)`);
  }
  ctx.host.saveAtomically(full, text);
  return full;
}
