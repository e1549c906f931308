// The confusion matrix of a classifier (issue 6 §6): counts of actual class (rows) against predicted class
// (columns) over one split. Pure.

export function confusionMatrix(predicted: readonly number[], actual: readonly number[], classes: number): number[][] {
  if (predicted.length !== actual.length) throw new Error(`${predicted.length} predictions for ${actual.length} labels`);
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < predicted.length; i++) {
    const [p, a] = [predicted[i]!, actual[i]!];
    if (!Number.isInteger(p) || !Number.isInteger(a) || p < 0 || a < 0 || p >= classes || a >= classes) throw new Error(`row ${i}: class ${a} predicted as ${p}, outside 0…${classes - 1}`);
    matrix[a]![p]! += 1;
  }
  return matrix;
}

/** The share on the diagonal (NaN for an empty matrix). */
export function accuracyOf(matrix: readonly (readonly number[])[]): number {
  let right = 0;
  let total = 0;
  matrix.forEach((row, a) => row.forEach((count, p) => { total += count; if (a === p) right += count; }));
  return total === 0 ? Number.NaN : right / total;
}
