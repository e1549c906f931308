// Gradient-health findings (issue 6 §4) gathered per canvas node: a node's badge shows an icon for its most
// serious kind and how many findings it has; its tooltip the messages. A collapsed layer gathers its members'
// findings. Pure; the node components keep the previous badge while an equal one arrives (sameBadge), so a
// stream of unchanged findings re-renders nothing.

import type { HealthKind, HealthWarning } from '../../core/protocol/telemetry.ts';
import type { CanvasIdOf } from './focus.ts';

/** Most serious first: the badge's icon is its first kind's. */
export const HEALTH_KINDS: readonly HealthKind[] = ['exploding', 'vanishing', 'dead-relu', 'saturated', 'update-ratio'];

export const HEALTH_ICON: Readonly<Record<HealthKind, string>> = {
  exploding: '↑', vanishing: '↓', 'dead-relu': '∅', saturated: '≋', 'update-ratio': '⚖',
};

export const HEALTH_TITLE: Readonly<Record<HealthKind, string>> = {
  exploding: 'exploding gradients', vanishing: 'vanishing gradients', 'dead-relu': 'dead ReLUs',
  saturated: 'saturated activations', 'update-ratio': 'update-to-weight ratio far from 1e-3',
};

export interface HealthBadge {
  /** The kinds found, most serious first, each once. */
  kinds: HealthKind[];
  count: number;
  messages: string[];
}

const severity = (kind: HealthKind): number => {
  const i = HEALTH_KINDS.indexOf(kind);
  return i < 0 ? HEALTH_KINDS.length : i;
};

/** One badge from some findings (undefined for none). */
export function badgeOf(warnings: readonly HealthWarning[]): HealthBadge | undefined {
  if (warnings.length === 0) return undefined;
  const sorted = [...warnings].sort((a, b) => severity(a.kind) - severity(b.kind));
  return { kinds: [...new Set(sorted.map((w) => w.kind))], count: warnings.length, messages: sorted.map((w) => w.message) };
}

/** The findings grouped by the canvas node that shows them, in the engine's order within each. */
export function findingsByCanvasNode(warnings: readonly HealthWarning[], canvasOf: CanvasIdOf): Map<string, HealthWarning[]> {
  const byNode = new Map<string, HealthWarning[]>();
  for (const w of warnings) {
    const id = canvasOf(w.nodeId);
    const list = byNode.get(id);
    if (list) list.push(w);
    else byNode.set(id, [w]);
  }
  return byNode;
}

/** Every canvas node's badge. */
export function healthBadges(warnings: readonly HealthWarning[], canvasOf: CanvasIdOf): Map<string, HealthBadge> {
  const badges = new Map<string, HealthBadge>();
  for (const [id, list] of findingsByCanvasNode(warnings, canvasOf)) badges.set(id, badgeOf(list)!);
  return badges;
}

export function sameBadge(a: HealthBadge | undefined, b: HealthBadge | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.count !== b.count) return false;
  return a.kinds.join() === b.kinds.join() && a.messages.every((m, i) => m === b.messages[i]);
}

// One grouping per (findings, groups) pair, shared by every node reading it in the same frame.
const groupingCache = new WeakMap<readonly HealthWarning[], { canvasOf: CanvasIdOf; byNode: Map<string, HealthBadge> }>();

/** The badge of one canvas node, from a grouping made once per findings array. */
export function badgeForNode(warnings: readonly HealthWarning[], canvasOf: CanvasIdOf, canvasId: string): HealthBadge | undefined {
  if (warnings.length === 0) return undefined;
  let cached = groupingCache.get(warnings);
  if (!cached || cached.canvasOf !== canvasOf) {
    cached = { canvasOf, byNode: healthBadges(warnings, canvasOf) };
    groupingCache.set(warnings, cached);
  }
  return cached.byNode.get(canvasId);
}
