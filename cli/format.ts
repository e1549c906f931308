// Text for people: numbers, metrics, durations, tables and tensors. Machine output (--json) never goes
// through here; it prints the raw numbers.

import type { MetricName } from '../core/train/config.ts';
import type { Evaluation } from '../core/train/trainer.ts';
import type { Tensor } from '../core/tensor/tensor.ts';
import type { TensorSummary as CoreSummary } from '../core/protocol/telemetry.ts';
import { summarize as summarizeTensor } from '../core/runtime/summaries.ts';

/** 4 significant digits, trailing zeros dropped: losses and errors read as 0.0123, 2.303, 1.5e-7. */
export function formatNumber(x: number, significant = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e7) {
    const text = x.toPrecision(significant);
    // toPrecision switches to exponents once the integer part has more digits than asked: 1e+5, not 1.000e+5.
    return text.includes('e') ? text.replace(/\.?0+e/, 'e') : text.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  }
  return x.toExponential(significant - 1).replace(/\.?0+e/, 'e');
}

/** "1,234,567"; "7.92e+28" beyond what digits can show (1e21 and up). */
export function formatCount(n: number): string {
  const text = Math.round(n).toString();
  if (!Number.isFinite(n) || text.includes('e')) return Number.isFinite(n) ? n.toPrecision(3) : text;
  return text.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatMetric(name: MetricName | 'loss', value: number): string {
  return name === 'accuracy' ? `accuracy ${(value * 100).toFixed(2)}%` : `${name} ${formatNumber(value)}`;
}

/** "loss 0.1234, accuracy 91.25%" — the loss first, then the configured metrics in their order. */
export function formatEvaluation(evaluation: Evaluation): string {
  const metrics = Object.entries(evaluation.metrics) as [MetricName, number][];
  return [formatMetric('loss', evaluation.loss), ...metrics.map(([name, value]) => formatMetric(name, value))].join(', ');
}

/** Loss and metrics as one flat record, for JSON output. */
export function evaluationRecord(evaluation: Evaluation): Record<string, number> {
  return { loss: evaluation.loss, ...(evaluation.metrics as Record<string, number>) };
}

/** "4.1 ms", "0.84 s", "12.3 s", "2 min 05 s". */
export function formatSeconds(seconds: number): string {
  if (seconds < 0.1) return `${(seconds * 1000).toPrecision(2)} ms`;
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(Math.round(seconds - minutes * 60)).padStart(2, '0')} s`;
}

/** A clock-style remaining time for the progress bar: "0:42", "1:05:07". */
export function formatClock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export type Align = 'left' | 'right';

/** Columns padded to their widest cell; numbers are best right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string[] {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) => cells
    .map((cell, c) => (align[c] === 'right' ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
    .join('  ')
    .trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)];
}

/** The five numbers `inspect` prints for a tensor too big to list. */
export type TensorSummary = Pick<CoreSummary, 'mean' | 'std' | 'min' | 'max' | 'norm'>;

/** mean, std, min, max and norm of a tensor (core's telemetry summary, the same numbers the app shows). */
export function summarize(tensor: Tensor): TensorSummary {
  const { mean, std, min, max, norm } = summarizeTensor(tensor);
  return { mean, std, min, max, norm };
}

export function formatSummary(s: TensorSummary): string {
  return `mean ${formatNumber(s.mean)}, std ${formatNumber(s.std)}, min ${formatNumber(s.min)}, max ${formatNumber(s.max)}, norm ${formatNumber(s.norm)}`;
}

/** Values with 6 significant digits, nested like numpy prints them, one innermost row per line. */
export function formatTensor(data: ArrayLike<number>, shape: readonly number[], indent = ''): string {
  const value = (x: number) => formatNumber(x, 6);
  if (shape.length === 0) return value(data[0]!);
  const build = (offset: number, axis: number): string => {
    const size = shape[axis]!;
    if (axis === shape.length - 1) {
      return `[${Array.from({ length: size }, (_, i) => value(data[offset + i]!)).join(', ')}]`;
    }
    const stride = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
    const gap = `,${'\n'.repeat(shape.length - 1 - axis)}${indent}${' '.repeat(axis + 1)}`;
    return `[${Array.from({ length: size }, (_, i) => build(offset + i * stride, axis + 1)).join(gap)}]`;
  };
  return build(0, 0);
}

/** "1 feature", "3 features". */
export const plural = (n: number, word: string, many = `${word}s`): string => `${formatCount(n)} ${n === 1 ? word : many}`;
