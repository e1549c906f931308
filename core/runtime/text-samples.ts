// Generated text while a character model trains (the book's chapter 6 "sample every N iterations"), for the
// window: after each epoch the engine writes a short sample with the current parameters, drawn from the
// model's softmax with its own seeded stream (so training's random stream is untouched and a run's samples
// are reproducible). Only documents whose data is text (a vocabulary) get them.

import type { Telemetry } from '../protocol/telemetry.ts';
import { NumpyRandom } from '../tensor/random.ts';
import { sampleText, windowCharacters } from '../train/text-sampling.ts';
import type { Trainer } from '../train/trainer.ts';
import type { PreparedRun } from './prepare-run.ts';

/** Characters per sample: a line's worth, cheap next to an epoch (one forward pass of one window each). */
export const TEXT_SAMPLE_LENGTH = 80;

export type TextSampleTelemetry = Extract<Telemetry, { type: 'text-sample' }>;

/** A sample after `epoch` (1-based), or null when the data is not text. */
export function textSample(run: PreparedRun, trainer: Trainer, epoch: number): TextSampleTelemetry | null {
  const vocabulary = run.data.vocabulary;
  if (!vocabulary || vocabulary.length === 0 || run.data.train.x.shape[0] === 0) return null;
  const start = windowCharacters(run.data.train.x, 0, vocabulary.length);
  const random = new NumpyRandom(run.config.seed + epoch);
  const text = sampleText({ predict: (x) => trainer.predict(x), vocabulary, start, length: TEXT_SAMPLE_LENGTH, random });
  const prompt = Array.from(start, (code) => vocabulary[code]!).join('');
  return { type: 'text-sample', epoch, prompt, text };
}
