// The inspector's data section (nothing selected): where the rows come from, which columns are features and
// targets — picked from the file's own columns, beside a preview of its first rows and its missing cells —
// the missing-value policy, scaling, split and row limit. Every edit is one set-data change (one undo step).

import { memo, useEffect, useMemo, useState } from 'react';
import type { AttributeValue, DataSource, GradflowDocument } from '../../core/document/types.ts';
import type { AttributeSpec } from '../../core/ops/types.ts';
import { previewTable, suggestColumns, type TablePreview } from '../../core/data/preview.ts';
import type { EditorController } from '../state/editor.ts';
import type { DocumentController } from '../state/document-controller.ts';
import { AttributeField } from './attribute-field.tsx';
import { columnsOf, nested, SOURCE_CHOICES, sourceChoice, toggleColumn, withField, withNested, withSource, withSplitMethod, type SourceChoice } from './data-source-form.ts';

const fraction = (description: string, max = 0.99): AttributeSpec => ({ kind: 'number', min: 0, max, default: 0.2, description });
const count = (description: string): AttributeSpec => ({ kind: 'number', integer: true, min: 1, max: 10_000_000, default: 1000, description });
const seed: AttributeSpec = { kind: 'number', integer: true, min: 0, max: 2 ** 32 - 1, default: 0, description: 'Seed of the shuffle.' };
const enumOf = (options: readonly string[], description: string): AttributeSpec => ({ kind: 'enum', options, default: options[0]!, description });

const SYNTHETIC = new Set(['xor', 'circles', 'spiral', 'gaussians', 'function']);

function ColumnPicker({ data, preview, apply }: { data: DataSource; preview: TablePreview; apply(next: DataSource): string | null }) {
  const features = columnsOf(data, 'features');
  const targets = columnsOf(data, 'targets');
  return (
    <div className="data-preview">
      <table className="model-summary" data-testid="data-columns">
        <caption>{preview.rowCount.toLocaleString('en-US')} rows; {preview.rowsWithMissing} with a missing cell</caption>
        <thead><tr><th scope="col">column</th><th scope="col">feature</th><th scope="col">target</th><th scope="col">missing</th><th scope="col">kind</th></tr></thead>
        <tbody>
          {preview.columns.map((c) => (
            <tr key={c.name} data-column={c.name}>
              <th scope="row">{c.name}</th>
              <td><input type="checkbox" aria-label={`${c.name} is a feature`} data-testid={`data-feature-${c.name}`} checked={features.includes(c.name)}
                onChange={(e) => apply(toggleColumn(data, c.name, 'features', e.target.checked))} /></td>
              <td><input type="checkbox" aria-label={`${c.name} is a target`} data-testid={`data-target-${c.name}`} checked={targets.includes(c.name)}
                onChange={(e) => apply(toggleColumn(data, c.name, 'targets', e.target.checked))} /></td>
              <td data-testid={`data-missing-${c.name}`}>{c.missing}</td>
              <td>{c.numeric ? 'numbers' : `text (${c.distinct > 20 ? '20+' : c.distinct} values)`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="preview-rows" tabIndex={0} aria-label="The first rows of the file">
        <table className="model-summary" data-testid="data-preview">
          <thead><tr>{preview.columns.map((c) => <th key={c.name} scope="col">{c.name}</th>)}</tr></thead>
          <tbody>{preview.head.map((row, r) => <tr key={r}>{preview.columns.map((c, i) => <td key={c.name}>{row[i] === null || row[i] === undefined ? <em>missing</em> : String(row[i])}</td>)}</tr>)}</tbody>
        </table>
      </div>
    </div>
  );
}

export const DataSourceEditor = memo(function DataSourceEditor({ data: saved, editor, documents }: { data: GradflowDocument['data']; editor: EditorController; documents: DocumentController }) {
  // A file source needs its path before the document accepts it: until then it is a draft shown here only.
  const [draft, setDraft] = useState<DataSource | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { setDraft(null); setError(null); }, [saved]);
  const data = draft ?? saved;
  const apply = (next: DataSource | undefined): string | null => {
    if (next?.kind === 'file' && (typeof next.path !== 'string' || next.path === '')) {
      setDraft(next);
      setError(null);
      return null;
    }
    const refused = editor.apply({ kind: 'set-data', data: next });
    setError(refused);
    return refused;
  };
  const choice = sourceChoice(data);
  const path = typeof data?.path === 'string' ? data.path : '';
  const format = data?.format === 'json' || data?.format === 'idx' ? data.format : 'csv';
  const bytes = data?.kind === 'file' && path ? documents.dataFile(path) : undefined;
  const preview = useMemo(() => (bytes && format !== 'idx' ? previewTable(bytes, format, path) : null), [bytes, format, path]);
  const field = (name: string, label: string, spec: AttributeSpec, value: unknown, patch: (v: AttributeValue) => DataSource) => (
    <AttributeField key={name} name={name} label={label} spec={spec} value={value as AttributeValue | undefined} testPrefix="data"
      onCommit={(v) => apply(patch(v))} />
  );

  const choose = async (): Promise<void> => {
    const name = await documents.chooseDataFile();
    if (!name) return;
    const format = /\.json$/i.test(name) ? 'json' : /ubyte|\.idx/i.test(name) ? 'idx' : 'csv';
    let next = withField(withField(withSource(data, 'file'), 'path', name), 'format', format);
    const picked = documents.dataFile(name);
    const look = picked && format !== 'idx' ? previewTable(picked, format, name) : null;
    if (look?.ok) {
      const suggested = suggestColumns(look.preview);
      next = { ...next, features: suggested.features, targets: suggested.targets, ...(suggested.categorical ? { categorical: true } : {}) };
    }
    apply(next);
  };

  const options = nested(data, 'options');
  const scale = nested(data, 'scale');
  const split = nested(data, 'split');
  return (
    <section aria-label="Data source" data-testid="inspector-data">
      <h3>Data</h3>
      <div className="field">
        <label htmlFor="data-source-kind">source</label>
        <select id="data-source-kind" data-testid="data-source" value={choice}
          onChange={(e) => apply(e.target.value === '' ? undefined : withSource(data, e.target.value as SourceChoice))}>
          <option value="">none</option>
          {SOURCE_CHOICES.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          {choice === 'inline' ? <option value="inline">rows written in the document</option> : null}
        </select>
      </div>
      {error ? <p className="field-error" role="alert" data-testid="data-error">{error}</p> : null}
      {data?.kind === 'builtin' && typeof data.name === 'string' && SYNTHETIC.has(data.name) ? (<>
        {field('count', 'rows', count('How many rows to generate.'), options.count, (v) => withNested(data, 'options', 'count', v))}
        {data.name !== 'function' ? field('noise', 'noise', { kind: 'number', min: 0, max: 10, default: 0.1, description: 'Noise added to each point.' }, options.noise, (v) => withNested(data, 'options', 'noise', v)) : null}
      </>) : null}
      {data?.kind === 'file' ? (<>
        <div className="field">
          <label htmlFor="data-path">file</label>
          <div className="buttons">
            <input id="data-path" type="text" data-testid="data-path" defaultValue={path} key={path} placeholder="next to the graph file"
              onBlur={(e) => { if (e.target.value.trim() !== path) apply(withField(data, 'path', e.target.value.trim())); }} />
            {documents.canChooseDataFile() ? <button type="button" data-testid="data-choose" onClick={() => void choose()}>Choose…</button> : null}
          </div>
        </div>
        {field('format', 'format', enumOf(['csv', 'json', 'idx'], 'How the file is read.'), format, (v) => withField(data, 'format', v))}
        {format === 'idx' ? (
          <div className="field">
            <label htmlFor="data-labels">labels file</label>
            <input id="data-labels" type="text" data-testid="data-labels" defaultValue={typeof data.labels === 'string' ? data.labels : ''} key={String(data.labels)}
              onBlur={(e) => apply(withField(data, 'labels', e.target.value.trim() || undefined))} />
          </div>
        ) : null}
        {preview?.ok ? <ColumnPicker data={data} preview={preview.preview} apply={apply} />
          : preview ? <p className="field-error" role="alert" data-testid="data-preview-error">{preview.error.message}</p>
          : format !== 'idx' ? <p className="muted">{path ? 'The file is read when the graph loads; choose it here to see its columns.' : 'Choose a file.'}</p> : null}
      </>) : null}
      {data && data.kind !== 'builtin' ? field('categorical', 'targets are classes (one-hot)', { kind: 'boolean', default: false, description: 'The target column holds class labels.' },
        data.categorical === true, (v) => withField(data, 'categorical', v === true ? true : undefined)) : null}
      {data ? (<>
        {field('missing', 'missing values', enumOf(['drop', 'strict'], 'drop: leave out rows with a missing cell (and report them); strict: refuse the file.'),
          data.missing ?? 'drop', (v) => withField(data, 'missing', v))}
        {field('scale', 'scaling', enumOf(['none', 'standardize', 'minmax'], 'How the features are scaled.'), scale.method ?? 'none',
          (v) => (v === 'none' ? withField(data, 'scale', undefined) : withNested(data, 'scale', 'method', v)))}
        {scale.method && scale.method !== 'none' ? (<>
          {field('scale-fit', 'fit scaling on', enumOf(['train', 'all'], 'train: no leak from validation and test rows; all: what the book does.'), scale.fitOn ?? 'train', (v) => withNested(data, 'scale', 'fitOn', v))}
          {field('scale-per', 'scale', enumOf(['column', 'global'], 'One mean and spread per column, or one for all values.'), scale.per ?? 'column', (v) => withNested(data, 'scale', 'per', v))}
        </>) : null}
        {field('split', 'split', enumOf(['random', 'sklearn', 'none'], 'random: shuffled fractions; sklearn: the book\'s exact split; none: all rows train.'),
          split.method ?? 'random', (v) => withSplitMethod(data, v as string))}
        {split.method === 'random' ? (<>
          {field('validation', 'validation fraction', fraction('Share of rows held out for validation.'), split.validation, (v) => withNested(data, 'split', 'validation', v))}
          {field('test', 'test fraction', fraction('Share of rows held out for the final test.'), split.test ?? 0, (v) => withNested(data, 'split', 'test', v))}
          {field('split-seed', 'split seed', seed, split.seed ?? 0, (v) => withNested(data, 'split', 'seed', v))}
        </>) : null}
        {split.method === 'sklearn' ? (<>
          {field('testSize', 'test size', fraction('sklearn\'s test_size.'), split.testSize, (v) => withNested(data, 'split', 'testSize', v))}
          {field('randomState', 'random state', seed, split.randomState, (v) => withNested(data, 'split', 'randomState', v))}
        </>) : null}
        {field('limit', 'use the first rows only', { kind: 'number', integer: true, min: 0, max: 100_000_000, default: 0, description: '0 = every row.' },
          data.limit ?? 0, (v) => withField(data, 'limit', v === 0 ? undefined : v))}
      </>) : null}
    </section>
  );
});
