// Gradient health (DESIGN.md §6): findings a practitioner acts on, each naming the node, the number and
// what to try — vanishing and exploding gradients, dead ReLUs, saturated sigmoid/tanh units, and updates far
// too small or too large for their weights. NaN/Inf is not here: it pauses training (non-finite.ts).
//
// Cost: the training loop pays one pass over each ReLU's output per batch (dead ReLUs must be judged over a
// whole epoch); everything else is computed only with a telemetry frame. A finding must hold for several
// frames in a row before it is reported, so one odd batch does not raise a badge.
//
// Calibration (the thresholds below; measured on the repo's examples and on deep sigmoid nets, see
// core/runtime/health.test.ts):
// - vanishing: the gradient RMS at a weight layer divided by the RMS at the output layer (the weight layer
//   nearest the loss). The examples never go below 0.07 (ch4-mnist-best over 8 epochs; ch3-deep-regression
//   0.094); a 6-layer sigmoid MLP on the spiral sits at 0.015 (standard init) or 3e-4 (Glorot), on MNIST at
//   3e-4 (Glorot). 0.02 separates them with a margin of 3.5× on the examples' side. (A 6-layer MNIST net
//   with standard N(0, 1) init stays near 0.05 and is not flagged: its large weights amplify the gradient
//   on the way back, so it vanishes less; it saturates instead.)
// - saturated: the share of units that sit within 0.01 of an asymptote for every row of the batch (stuck
//   units). The share of single *outputs* near ±1 is 84–96% on every MNIST example while they train well
//   (a tanh unit may be confidently ±1 for one digit and not another), so it cannot be the signal; stuck
//   units stay at or below 12% on every example and reach 100% with unscaled inputs.
// - update ratio: ‖Δp‖/‖p‖ of a weight matrix outside [1e-5, 1e-1] (healthy ≈ 1e-3) for 5 frames in a row.
//   The examples' weight matrices stay within 5e-4…3e-2; the first layer of a 6-layer Glorot sigmoid net
//   sits at 4e-7…6e-6. Biases and single columns are left out (see isWeightMatrix).
// - dead ReLUs (> 50% of units never active in an epoch) and exploding gradients (a layer 100× the output
//   layer, or 100× growth over 5 rising frames) are the usual rules of thumb; no example uses ReLU or
//   explodes without overflowing first, so they are checked on constructed cases only.

import type { Executor } from '../graph/executor.ts';
import type { Graph, GraphNode } from '../graph/types.ts';
import type { HealthKind, HealthWarning, ParameterTelemetry } from '../protocol/telemetry.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { formatNumber } from '../ops/formulas.ts';

export const HEALTH_LIMITS = {
  /** Gradient RMS at a layer ÷ at the output layer, below which gradients vanish. */
  vanishingRatio: 0.02,
  /** … above which they explode. */
  explodingRatio: 100,
  /** The largest layer gradient grew in each of this many frames in a row … */
  growthFrames: 5,
  /** … by at least this factor overall: exploding. */
  growthFactor: 100,
  /** Share of a ReLU's units never active over an epoch. */
  deadShare: 0.5,
  /** Share of a sigmoid/tanh's units stuck at an asymptote for a whole batch. */
  saturatedShare: 0.5,
  /** "At an asymptote": within this distance of it (σ near 0 or 1, tanh near ±1). */
  saturationMargin: 0.01,
  updateRatioLow: 1e-5,
  updateRatioHigh: 1e-1,
  /** Frames in a row a gradient or saturation finding must hold. */
  frames: 3,
  /** Frames in a row an update ratio must stay out of range (it swings more in the first batches). */
  updateFrames: 5,
};

export type HealthLimits = typeof HEALTH_LIMITS;

const percent = (share: number): string => `${Math.round(share * 100)}%`;
const describe = (node: GraphNode): string => `${node.op.type} "${node.id}"`;

function rms(t: Tensor): number {
  let sum = 0;
  for (let i = 0; i < t.size; i++) sum += t.data[i]! * t.data[i]!;
  return t.size > 0 ? Math.sqrt(sum / t.size) : 0;
}

/**
 * The layers whose gradients are compared: nodes that multiply by weights (WeightMultiply, Conv2D, or a
 * MatMul/Multiply fed by a Parameter node). A BiasAdd passes its gradient on unchanged, so it adds nothing.
 */
function weightLayers(graph: Graph): GraphNode[] {
  return graph.nodes.filter((node) =>
    node.op.type === 'WeightMultiply' || node.op.type === 'Conv2D' ||
    ((node.op.type === 'MatMul' || node.op.type === 'Multiply') && node.inputEdges.some((e) => graph.byId.get(e.from)?.op.role === 'parameter')));
}

/**
 * The ~1e-3 rule of thumb is about weight matrices (and kernels): a bias starts near 0, so any update looks
 * huge next to it, and a single number or a column of weights (chapter 1's a, a regression's last layer)
 * settles to updates of 1e-6 once it has converged — neither says anything about the training's health.
 */
function isWeightMatrix(shape: readonly number[]): boolean {
  return shape.filter((d) => d > 1).length >= 2;
}

/** One unit per position of a sample (all but the batch dimension). */
function unitsOf(t: Tensor): { rows: number; units: number } {
  const rows = t.rank === 0 ? 1 : t.shape[0]!;
  return { rows, units: rows > 0 ? t.size / rows : 0 };
}

export class HealthMonitor {
  private readonly layers: GraphNode[];
  private readonly relus: GraphNode[];
  private readonly squashers: GraphNode[];
  /** Per ReLU: which units were ever above 0 in the current epoch. */
  private readonly everActive = new Map<string, Uint8Array>();
  /** Frames in a row each pending finding has held, by `kind:subject`. */
  private readonly streaks = new Map<string, number>();
  private readonly findings = new Map<string, HealthWarning>();
  /** The largest layer gradient RMS of the last frames, oldest first. */
  private readonly recentPeaks: number[] = [];

  constructor(private readonly graph: Graph, private readonly limits: HealthLimits = HEALTH_LIMITS) {
    this.layers = weightLayers(graph);
    this.relus = graph.nodes.filter((n) => n.op.type === 'ReLU');
    this.squashers = graph.nodes.filter((n) => n.op.type === 'Sigmoid' || n.op.type === 'Tanh');
  }

  /** After every training batch: mark the ReLU units that were active (one pass over each ReLU's output). */
  afterBatch(executor: Executor): void {
    for (const node of this.relus) {
      const out = executor.values.get(node.id);
      if (!out) continue;
      const { rows, units } = unitsOf(out);
      let active = this.everActive.get(node.id);
      if (!active || active.length !== units) this.everActive.set(node.id, (active = new Uint8Array(units)));
      const data = out.data;
      for (let r = 0; r < rows; r++) {
        const row = r * units;
        for (let u = 0; u < units; u++) if (data[row + u]! > 0) active[u] = 1;
      }
    }
  }

  /** At the end of an epoch (0-based): judge each ReLU over it, then start counting again. */
  endEpoch(epoch: number): void {
    for (const node of this.relus) {
      const active = this.everActive.get(node.id);
      const key = `dead-relu:${node.id}`;
      this.findings.delete(key);
      if (!active || active.length === 0) continue;
      let dead = 0;
      for (let u = 0; u < active.length; u++) dead += active[u] === 0 ? 1 : 0;
      const share = dead / active.length;
      active.fill(0);
      if (share > this.limits.deadShare) {
        this.findings.set(key, {
          kind: 'dead-relu', nodeId: node.id, value: share,
          message: `${percent(share)} of the units of ReLU "${node.id}" were never active in epoch ${epoch + 1} (dead ReLUs: they output 0 for every sample and learn nothing). Lower the learning rate, use He init, or try LeakyReLU.`,
        });
      }
    }
  }

  /** With a telemetry frame that follows a training batch: the gradient, saturation and update checks. */
  frame(executor: Executor, parameters: readonly ParameterTelemetry[]): void {
    this.checkLayers(executor);
    this.checkSaturation(executor);
    this.checkUpdates(parameters);
  }

  /** The current findings, in graph order. */
  warnings(): HealthWarning[] {
    const order = new Map(this.graph.nodes.map((n, i) => [n.id, i]));
    return [...this.findings.values()].sort((a, b) => (order.get(a.nodeId) ?? 0) - (order.get(b.nodeId) ?? 0) || a.kind.localeCompare(b.kind));
  }

  /** A finding that must hold `frames` frames in a row: count it, and report it once it has. */
  private judge(kind: HealthKind, subject: string, holds: boolean, frames: number, warning: () => Omit<HealthWarning, 'kind'>): void {
    const key = `${kind}:${subject}`;
    if (!holds) {
      this.streaks.delete(key);
      this.findings.delete(key);
      return;
    }
    const streak = (this.streaks.get(key) ?? 0) + 1;
    this.streaks.set(key, streak);
    if (streak >= frames) this.findings.set(key, { kind, ...warning() });
  }

  private checkLayers(executor: Executor): void {
    const measured = this.layers.flatMap((node) => {
      const grad = executor.outputGrads.get(node.id);
      return grad ? [{ node, rms: rms(grad) }] : [];
    });
    // Compare every layer with the output layer: vanishing compounds layer by layer on the way back.
    const top = measured.at(-1);
    const { frames } = this.limits;
    const fix = this.squashers.some((n) => n.op.type === 'Sigmoid')
      ? 'Use ReLU or tanh instead of sigmoid, Glorot or He init, or fewer layers.'
      : 'Use Glorot or He init, ReLU activations, or fewer layers; if units are saturated, lower the learning rate or scale the inputs.';
    for (const { node, rms: value } of measured.slice(0, -1)) {
      const ratio = top && top.rms > 0 ? value / top.rms : NaN;
      const named = `${describe(node)}: its gradient (RMS ${formatNumber(value)}) is ${formatNumber(ratio)}× the gradient at the output layer "${top?.node.id}"`;
      this.judge('vanishing', node.id, ratio < this.limits.vanishingRatio, frames, () => ({
        nodeId: node.id, value: ratio,
        message: `Gradients vanish at ${named}, so the layers before it barely learn. ${fix}`,
      }));
      this.judge('exploding', node.id, ratio > this.limits.explodingRatio, frames, () => ({
        nodeId: node.id, value: ratio,
        message: `Gradients explode at ${named}. Lower the learning rate, use Glorot init, or clip gradients (gradientClip).`,
      }));
    }
    this.checkGrowth(measured);
  }

  /** Exploding over time: the largest layer gradient grew frame after frame, by a large factor. */
  private checkGrowth(measured: { node: GraphNode; rms: number }[]): void {
    if (measured.length === 0) return;
    const peak = measured.reduce((a, b) => (b.rms > a.rms ? b : a));
    const { growthFrames, growthFactor } = this.limits;
    this.recentPeaks.push(peak.rms);
    if (this.recentPeaks.length > growthFrames + 1) this.recentPeaks.shift();
    const full = this.recentPeaks.length === growthFrames + 1;
    const rising = full && this.recentPeaks.every((v, i) => i === 0 || v > this.recentPeaks[i - 1]!);
    const factor = full ? this.recentPeaks.at(-1)! / this.recentPeaks[0]! : 0;
    // Judged afresh each frame (the window already spans several frames).
    this.judge('exploding', 'growth', rising && factor >= growthFactor, 1, () => ({
      nodeId: peak.node.id, value: factor,
      message: `Gradients are exploding: the largest layer gradient (at ${describe(peak.node)}, RMS ${formatNumber(peak.rms)}) grew ${formatNumber(factor)}× over the last ${growthFrames} frames. Lower the learning rate or clip gradients (gradientClip).`,
    }));
  }

  private checkSaturation(executor: Executor): void {
    const margin = this.limits.saturationMargin;
    for (const node of this.squashers) {
      const out = executor.values.get(node.id);
      if (!out) continue;
      const sigmoid = node.op.type === 'Sigmoid';
      const { rows, units } = unitsOf(out);
      let stuck = 0;
      for (let u = 0; u < units; u++) {
        let always = rows > 0;
        for (let r = 0; r < rows && always; r++) {
          const v = out.data[r * units + u]!;
          always = sigmoid ? v < margin || v > 1 - margin : Math.abs(v) > 1 - margin;
        }
        if (always) stuck++;
      }
      const share = units > 0 ? stuck / units : 0;
      const asymptotes = sigmoid ? '0 or 1' : '±1';
      this.judge('saturated', node.id, share > this.limits.saturatedShare, this.limits.frames, () => ({
        nodeId: node.id, value: share,
        message: `${percent(share)} of the units of ${describe(node)} are saturated (within ${margin} of ${asymptotes} for every row of the batch), so almost no gradient passes through them. Scale the inputs, use Glorot init, or lower the learning rate.`,
      }));
    }
  }

  private checkUpdates(parameters: readonly ParameterTelemetry[]): void {
    const { updateRatioLow, updateRatioHigh, updateFrames } = this.limits;
    for (const { key, updateRatio, value } of parameters) {
      // No ratio (a frame without a snapshot) leaves the streak as it is; 0 means ‖p‖ = 0 (zeros init).
      if (updateRatio === undefined || updateRatio === 0 || !isWeightMatrix(value.shape)) continue;
      const nodeId = key.slice(0, key.lastIndexOf('.'));
      const shown = `‖Δp‖/‖p‖ = ${formatNumber(updateRatio)}`;
      this.judge('update-ratio', `${key}:high`, updateRatio > updateRatioHigh, updateFrames, () => ({
        nodeId, value: updateRatio,
        message: `Each update changes ${key} by a lot: ${shown} (healthy training sits near 1e-3). Lower the learning rate.`,
      }));
      this.judge('update-ratio', `${key}:low`, updateRatio < updateRatioLow, updateFrames, () => ({
        nodeId, value: updateRatio,
        message: `${key} barely changes: ${shown} per update (healthy training sits near 1e-3). Raise the learning rate; if the gradient vanishes on its way here, fix that first.`,
      }));
    }
  }
}
