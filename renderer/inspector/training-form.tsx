// The training setup as controls, each committed through set-training (one undo step per edit). Bounds are
// given here as attribute specs so the fields check as the user types; the document's own schema has the
// last word (its refusal is shown under the field).

import { memo } from 'react';
import type { AttributeValue, GradflowDocument } from '../../core/document/types.ts';
import type { AttributeSpec } from '../../core/ops/types.ts';
import { BOOK_COMPAT_NOTES, METRIC_NAMES, OPTIMIZER_KINDS, type MetricName, resolveRunConfig, SCHEDULE_KINDS, type PartialRunConfig, type RunConfig } from '../../core/train/config.ts';
import type { EditorController } from '../state/editor.ts';
import { AttributeField } from './attribute-field.tsx';

interface TrainingField {
  name: string;
  label: string;
  spec: AttributeSpec;
  get(config: RunConfig): AttributeValue;
  patch(value: AttributeValue): PartialRunConfig;
  /** When the patch depends on the config in force (a list edited in place). */
  patchWith?(value: AttributeValue, config: RunConfig): PartialRunConfig;
  shown?(config: RunConfig): boolean;
  help?: string;
}

const int = (min: number, max: number, description: string): AttributeSpec => ({ kind: 'number', integer: true, min, max, default: min, description });
// Up to 1e6: an absurd rate on purpose is a lesson (watch training blow up into NaN); 1e30 is a typo.
const rate = (description: string): AttributeSpec => ({ kind: 'number', min: 0, exclusiveMin: true, max: 1e6, default: 0.01, description });

export const TRAINING_FIELDS: readonly TrainingField[] = [
  { name: 'epochs', label: 'epochs', spec: int(1, 1_000_000, 'Passes over the training rows.'), get: (c) => c.epochs, patch: (v) => ({ epochs: v as number }) },
  { name: 'batchSize', label: 'batch size', spec: int(1, 1_000_000, 'Rows per gradient step.'), get: (c) => c.batchSize, patch: (v) => ({ batchSize: v as number }) },
  { name: 'seed', label: 'seed', spec: int(0, 2 ** 32 - 1, 'Seeds the weights, shuffles and dropout masks.'), get: (c) => c.seed, patch: (v) => ({ seed: v as number }) },
  { name: 'optimizer', label: 'optimizer', spec: { kind: 'enum', options: OPTIMIZER_KINDS, default: 'SGD', description: 'How gradients update the parameters.' },
    get: (c) => c.optimizer.kind, patch: (v) => ({ optimizer: { kind: v as RunConfig['optimizer']['kind'] } }) },
  { name: 'learningRate', label: 'learning rate', spec: rate('The step size.'), get: (c) => c.optimizer.learningRate, patch: (v) => ({ optimizer: { learningRate: v as number } }) },
  { name: 'momentum', label: 'momentum', spec: { kind: 'number', min: 0, max: 1, default: 0.9, description: 'v = momentum·v + lr·g' },
    get: (c) => c.optimizer.momentum, patch: (v) => ({ optimizer: { momentum: v as number } }), shown: (c) => c.optimizer.kind === 'SGDMomentum' },
  { name: 'schedule', label: 'learning-rate schedule', spec: { kind: 'enum', options: SCHEDULE_KINDS, default: 'none', description: 'How the rate moves to the final rate, once per epoch.' },
    get: (c) => c.schedule.kind, patch: (v) => ({ schedule: { kind: v as RunConfig['schedule']['kind'] } }) },
  { name: 'finalLearningRate', label: 'final learning rate', spec: rate('The rate at the last epoch.'), get: (c) => c.schedule.finalLearningRate,
    patch: (v) => ({ schedule: { finalLearningRate: v as number } }), shown: (c) => c.schedule.kind !== 'none' },
  { name: 'earlyStopping', label: 'early stopping', spec: { kind: 'boolean', default: true, description: 'Stop when the validation loss stops improving.' },
    get: (c) => c.earlyStopping.enabled, patch: (v) => ({ earlyStopping: { enabled: v as boolean } }) },
  { name: 'patience', label: 'patience', spec: int(1, 1_000_000, 'Evaluations without improvement before stopping.'), get: (c) => c.earlyStopping.patience,
    patch: (v) => ({ earlyStopping: { patience: v as number } }), shown: (c) => c.earlyStopping.enabled },
  { name: 'evalEvery', label: 'validate every', spec: int(1, 1_000_000, 'Evaluate on the validation rows every N epochs (the book\'s eval_every).'),
    get: (c) => c.evalEvery, patch: (v) => ({ evalEvery: v as number }) },
  { name: 'shuffle', label: 'shuffle each epoch', spec: { kind: 'boolean', default: true, description: 'Shuffle the training rows at the start of every epoch.' },
    get: (c) => c.shuffle, patch: (v) => ({ shuffle: v as boolean }) },
  { name: 'clip', label: 'clip gradients at', spec: { kind: 'number', min: 0, max: 1e6, default: 0, description: 'Clip every gradient element to [−c, c] before the update; 0 = off (chapter 6 uses 2).' },
    get: (c) => c.gradientClip ?? 0, patch: (v) => ({ gradientClip: v === 0 ? null : (v as number) }) },
  // The first metric is the one shown; others the file lists are kept after it.
  { name: 'metrics', label: 'metric', spec: { kind: 'enum', options: METRIC_NAMES, default: 'mse', description: 'What is reported besides the loss.' },
    get: (c) => c.metrics[0] ?? 'mse', patch: (v) => ({ metrics: [v as MetricName] }),
    patchWith: (v, c) => ({ metrics: [v as MetricName, ...c.metrics.filter((m) => m !== v)] }) },
  { name: 'backend', label: 'backend', spec: { kind: 'enum', options: ['reference', 'fast'], default: 'reference', description: 'reference: readable TypeScript kernels; fast: WebAssembly SIMD where available.' },
    get: (c) => c.backend, patch: (v) => ({ backend: v as RunConfig['backend'] }) },
  { name: 'compat', label: 'compatibility', spec: { kind: 'enum', options: ['correct', 'book'], default: 'correct', description: '"book" replays the book library\'s semantics.' },
    get: (c) => c.compat, patch: (v) => ({ compat: v as RunConfig['compat'] }), help: `book: ${BOOK_COMPAT_NOTES.join(' ')}` },
];

export const TrainingForm = memo(function TrainingForm({ training, editor }: { training: GradflowDocument['training']; editor: EditorController }) {
  const config = resolveRunConfig(training);
  return (
    <section aria-label="Training" data-testid="inspector-training">
      <h3>Training</h3>
      {TRAINING_FIELDS.filter((f) => f.shown?.(config) ?? true).map((f) => (
        <AttributeField key={f.name} name={f.name} label={f.label} spec={f.spec} value={f.get(config)} testPrefix="training"
          {...(f.help && (f.name !== 'compat' || config.compat === 'book') ? { help: f.help } : {})} onCommit={(value) => editor.apply({ kind: 'set-training', training: f.patchWith ? f.patchWith(value, config) : f.patch(value) })} />
      ))}
    </section>
  );
});
