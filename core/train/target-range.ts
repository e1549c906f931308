// Targets a loss can make sense of. Binary cross-entropy compares probabilities: a target outside [0, 1] — a
// class number 2, a price, a standardized column — gives a loss that can go negative and a gradient that
// trains towards nonsense, and nothing else would ever say so. Checked once the data is prepared, before
// any training, naming the loss node and the target column.

import type { Graph } from '../graph/types.ts';
import type { Tensor } from '../tensor/tensor.ts';

interface TargetData {
  train: { y: Tensor };
  validation?: { y: Tensor };
  test?: { y: Tensor };
  targetNames: readonly string[];
}

/** Why the data's targets cannot feed the graph's losses, or null. */
export function lossTargetProblem(graph: Graph, data: TargetData): string | null {
  for (const loss of graph.losses) {
    if (loss.op.type !== 'BinaryCrossEntropy') continue;
    // Only targets that come from the data: a graph may feed a loss from its own nodes.
    const edge = loss.inputEdges.find((e) => e.port === 'target');
    const source = edge ? graph.byId.get(edge.from) : undefined;
    if (!source || source.op.type !== 'Target') continue;
    for (const [split, set] of [['training', data.train], ['validation', data.validation], ['test', data.test]] as const) {
      const problem = outsideUnitInterval(set?.y, data.targetNames);
      if (!problem) continue;
      return `BinaryCrossEntropy "${loss.id}" needs targets from 0 to 1 (0/1 labels or probabilities), but target column "${problem.column}" ` +
        `holds ${problem.value} in ${problem.rows} of the ${problem.total} ${split} rows; for class numbers use a categorical target with ` +
        'SoftmaxCrossEntropy, for other numbers MeanSquaredError';
    }
  }
  return null;
}

/** The first column with a value outside [0, 1] (NaN included), that value, and how many rows have one there. */
function outsideUnitInterval(y: Tensor | undefined, names: readonly string[]): { column: string; value: number; rows: number; total: number } | null {
  if (!y || y.shape.length === 0) return null;
  const total = y.shape[0]!;
  if (total === 0) return null;
  const width = y.size / total;
  const values = y.data;
  for (let c = 0; c < width; c++) {
    let rows = 0;
    let first = 0;
    for (let r = 0; r < total; r++) {
      const v = values[r * width + c]!;
      if (v >= 0 && v <= 1) continue;
      if (rows === 0) first = v;
      rows++;
    }
    if (rows > 0) return { column: names[c] ?? `${c + 1}`, value: first, rows, total };
  }
  return null;
}
