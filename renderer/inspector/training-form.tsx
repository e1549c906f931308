// The training setup as controls, each committed through set-training (one undo step per edit). Bounds are
// given here as attribute specs so the fields check as the user types; the document's own schema has the
// last word (its refusal is shown under the field).

import type { AttributeValue, GradflowDocument } from '../../core/document/types.ts';
import type { AttributeSpec } from '../../core/ops/types.ts';
import { BOOK_COMPAT_NOTES, OPTIMIZER_KINDS, resolveRunConfig, SCHEDULE_KINDS, type PartialRunConfig, type RunConfig } from '../../core/train/config.ts';
import type { EditorController } from '../state/editor.ts';
import { AttributeField } from './attribute-field.tsx';

interface TrainingField {
  name: string;
  label: string;
  spec: AttributeSpec;
  get(config: RunConfig): AttributeValue;
  patch(value: AttributeValue): PartialRunConfig;
  shown?(config: RunConfig): boolean;
  help?: string;
}

const int = (min: number, max: number, description: string): AttributeSpec => ({ kind: 'number', integer: true, min, max, default: min, description });
const rate = (description: string): AttributeSpec => ({ kind: 'number', min: 0, exclusiveMin: true, max: 100, default: 0.01, description });

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
  { name: 'compat', label: 'compatibility', spec: { kind: 'enum', options: ['correct', 'book'], default: 'correct', description: '"book" replays the book library\'s semantics.' },
    get: (c) => c.compat, patch: (v) => ({ compat: v as RunConfig['compat'] }), help: `book: ${BOOK_COMPAT_NOTES.join(' ')}` },
];

export function TrainingForm({ doc, editor }: { doc: GradflowDocument; editor: EditorController }) {
  const config = resolveRunConfig(doc.training);
  return (
    <section aria-label="Training" data-testid="inspector-training">
      <h3>Training</h3>
      {TRAINING_FIELDS.filter((f) => f.shown?.(config) ?? true).map((f) => (
        <AttributeField key={f.name} name={f.name} label={f.label} spec={f.spec} value={f.get(config)} testPrefix="training"
          {...(f.help ? { help: f.help } : {})} onCommit={(value) => editor.apply({ kind: 'set-training', training: f.patch(value) })} />
      ))}
    </section>
  );
}
