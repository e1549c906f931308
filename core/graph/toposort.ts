// Topological order with cycle detection (Kahn's algorithm). Ties keep document order, so the same document
// always runs its ops in the same order — part of bit-for-bit determinism. The ready set is a min-heap on
// document position, so ordering stays O(n log n) for the largest documents the loader accepts.

export interface TopoInput {
  ids: readonly string[];
  /** For each id, the ids it depends on (its inputs' sources). */
  dependencies: ReadonlyMap<string, readonly string[]>;
}

export type TopoResult = { ok: true; order: string[] } | { ok: false; cycle: string[] };

/** A binary min-heap of document positions. */
class PositionHeap {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(value: number): void {
    const items = this.items;
    items.push(value);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }
  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const child = left + 1 < items.length && items[left + 1]! < items[left]! ? left + 1 : left;
      if (items[child]! >= last) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

export function topologicalOrder({ ids, dependencies }: TopoInput): TopoResult {
  const position = new Map(ids.map((id, i) => [id, i]));
  const remaining = new Map(ids.map((id) => [id, (dependencies.get(id) ?? []).length]));
  const dependents = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) for (const dep of dependencies.get(id) ?? []) dependents.get(dep)?.push(id);

  const ready = new PositionHeap();
  ids.forEach((id, i) => {
    if (remaining.get(id) === 0) ready.push(i);
  });
  const order: string[] = [];
  while (ready.size > 0) {
    const id = ids[ready.pop()]!;
    order.push(id);
    for (const next of dependents.get(id)!) {
      const left = remaining.get(next)! - 1;
      remaining.set(next, left);
      if (left === 0) ready.push(position.get(next)!);
    }
  }
  if (order.length === ids.length) return { ok: true, order };
  return { ok: false, cycle: findCycle(ids.filter((id) => remaining.get(id)! > 0), dependencies, position) };
}

/** One cycle among the nodes Kahn's algorithm could not order, as a path a → b → … → a. */
function findCycle(
  stuck: readonly string[], dependencies: ReadonlyMap<string, readonly string[]>, position: ReadonlyMap<string, number>,
): string[] {
  const inStuck = new Set(stuck);
  // Walk backwards along dependencies that are themselves stuck; within a finite set we must revisit a node.
  const seenAt = new Map<string, number>();
  const path: string[] = [];
  let current = stuck[0]!;
  while (!seenAt.has(current)) {
    seenAt.set(current, path.length);
    path.push(current);
    current = (dependencies.get(current) ?? []).find((dep) => inStuck.has(dep))!;
  }
  // path follows "depends on" links; reverse it so it reads in the direction values flow.
  const cycle = path.slice(seenAt.get(current)!).reverse();
  // Start the loop at the node the document lists first, so the message is the same however it was found.
  const first = cycle.reduce((best, id, i) => (position.get(id)! < position.get(cycle[best]!)! ? i : best), 0);
  const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
  return [...rotated, rotated[0]!];
}
