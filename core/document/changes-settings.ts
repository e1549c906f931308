// Change handlers for the document's settings: training, data source, name, description, view. Each value
// is checked with the file's own schema (and core/data's checker for the data source), so an edit is
// refused for the same reason a file holding it would be.

import { checkDataSource } from '../data/source.ts';
import type { PartialRunConfig } from '../train/config.ts';
import type { ChangeOf, ChangeResult } from './changes.ts';
import { ok, refuse, sameValue, schemaProblem, DESCRIPTION_SCHEMA, NAME_SCHEMA, TRAINING_SCHEMA, VIEW_SCHEMA } from './changes-checks.ts';
import type { GradflowDocument } from './types.ts';

type OptionalField = 'name' | 'description' | 'data' | 'view';

/** The document with an optional top-level field set, or removed when `value` is undefined. */
function withField<K extends OptionalField>(doc: GradflowDocument, key: K, value: GradflowDocument[K]): GradflowDocument {
  if (sameValue(doc[key], value)) return doc;
  if (value !== undefined) return { ...doc, [key]: value };
  const rest: Partial<GradflowDocument> = { ...doc };
  delete rest[key];
  return rest as GradflowDocument;
}

/** The settings merged field by field, like mergeRunConfig, except that `undefined` removes a field. */
const NESTED: ReadonlySet<string> = new Set(['earlyStopping', 'optimizer', 'schedule']);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function mergeTraining(base: PartialRunConfig, patch: PartialRunConfig): PartialRunConfig {
  const merged = new Map<string, unknown>(Object.entries(base));
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) {
      merged.delete(key);
    } else if (NESTED.has(key) && isRecord(value)) {
      const current = merged.get(key);
      const inner = new Map<string, unknown>(Object.entries(isRecord(current) ? current : {}));
      for (const [field, v] of Object.entries(value)) {
        if (v === undefined) inner.delete(field);
        else inner.set(field, v);
      }
      if (inner.size > 0) merged.set(key, Object.fromEntries(inner));
      else merged.delete(key);
    } else {
      merged.set(key, value);
    }
  }
  return Object.fromEntries(merged) as PartialRunConfig;
}

export function setTraining(doc: GradflowDocument, change: ChangeOf<'set-training'>): ChangeResult {
  const training = mergeTraining(doc.training, change.training);
  const problem = schemaProblem(TRAINING_SCHEMA, training, 'training');
  if (problem) return refuse(problem);
  return ok(sameValue(training, doc.training) ? doc : { ...doc, training });
}

export function setData(doc: GradflowDocument, change: ChangeOf<'set-data'>): ChangeResult {
  if (change.data !== undefined) {
    const problem = checkDataSource(change.data)[0];
    if (problem) return refuse(`${problem.path}: ${problem.message}`);
  }
  return ok(withField(doc, 'data', change.data));
}

export function setName(doc: GradflowDocument, change: ChangeOf<'set-name'>): ChangeResult {
  const name = change.name === '' ? undefined : change.name;
  const problem = name === undefined ? null : schemaProblem(NAME_SCHEMA, name, 'the name');
  return problem ? refuse(problem) : ok(withField(doc, 'name', name));
}

export function setDescription(doc: GradflowDocument, change: ChangeOf<'set-description'>): ChangeResult {
  const description = change.description === '' ? undefined : change.description;
  const problem = description === undefined ? null : schemaProblem(DESCRIPTION_SCHEMA, description, 'the description');
  return problem ? refuse(problem) : ok(withField(doc, 'description', description));
}

export function setView(doc: GradflowDocument, change: ChangeOf<'set-view'>): ChangeResult {
  if (change.viewport === undefined) return ok(withField(doc, 'view', undefined));
  const { x, y, zoom } = change.viewport;
  const view = { ...doc.view, viewport: { x, y, zoom } };
  const problem = schemaProblem(VIEW_SCHEMA, view, 'the view');
  return problem ? refuse(problem) : ok(withField(doc, 'view', view));
}
