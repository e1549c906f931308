// The inspector with nothing selected: the model summary, the training setup and the data source.

import { memo, useMemo } from 'react';
import { useGraphStructure, type GraphStructure } from '../state/structure.ts';
import type { GradflowDocument } from '../../core/document/types.ts';
import type { EditorController } from '../state/editor.ts';
import { describeDataSource, formatBytes, formatCount, summaryOf } from './summary-facts.ts';
import { TrainingForm } from './training-form.tsx';
import { DataSourceEditor } from './data-source-editor.tsx';
import { useServices } from '../ui/context.ts';

// Memoized, with props that a drag leaves alone: moving nodes re-renders none of the inspector.
const ModelSummaryTable = memo(function ModelSummaryTable({ structure, training }: { structure: GraphStructure; training: GradflowDocument['training'] }) {
  const result = useMemo(() => summaryOf({ ...structure, training }), [structure, training]);
  if (!result.ok) return <p className="muted" data-testid="model-summary-missing">No summary: {result.reason}.</p>;
  const { summary } = result;
  return (
    <table className="model-summary" data-testid="model-summary">
      <caption>Memory for a batch of {summary.batchSize}</caption>
      <thead><tr><th scope="col">Layer</th><th scope="col">Output</th><th scope="col">Parameters</th><th scope="col">Memory</th></tr></thead>
      <tbody>
        {summary.rows.map((r) => (
          <tr key={r.id} data-row={r.id}><td title={r.kind}>{r.name}</td><td>{r.outputShape}</td><td>{formatCount(r.parameters)}</td><td>{formatBytes(r.bytes)}</td></tr>
        ))}
      </tbody>
      <tfoot>
        <tr><th scope="row" colSpan={2}>Total</th>
          <td data-testid="model-summary-parameters" data-value={summary.totalParameters}>{formatCount(summary.totalParameters)}</td>
          <td data-testid="model-summary-bytes">{formatBytes(summary.totalBytes)}</td></tr>
      </tfoot>
    </table>
  );
});

function DataSourceView({ data }: { data: GradflowDocument['data'] }) {
  const lines = describeDataSource(data);
  return (
    <section aria-label="Inline data">
      <h3>Rows in the document</h3>
      {lines.length === 0 ? <p className="muted">No data source.</p> : (
        <dl className="data-source">{lines.map(([term, text]) => <div key={term}><dt>{term}</dt><dd>{text}</dd></div>)}</dl>
      )}
    </section>
  );
}

export function DocumentInspector({ doc, editor }: { doc: GradflowDocument; editor: EditorController }) {
  const { documents } = useServices();
  const structure = useGraphStructure(doc);
  return (
    <div className="document-inspector">
      <h2>{doc.name ?? 'Model'}</h2>
      <section aria-label="Model summary"><h3>Model summary</h3>{structure ? <ModelSummaryTable structure={structure} training={doc.training} /> : null}</section>
      <TrainingForm training={doc.training} editor={editor} />
      {doc.data?.kind === 'inline' ? <DataSourceView data={doc.data} /> : null}
      <DataSourceEditor data={doc.data} editor={editor} documents={documents} />
    </div>
  );
}
