// Topological order with cycle detection (Kahn's algorithm). Ties keep document order, so the same document
// always runs its ops in the same order — part of bit-for-bit determinism.

export interface TopoInput {
  ids: readonly string[];
  /** For each id, the ids it depends on (its inputs' sources). */
  dependencies: ReadonlyMap<string, readonly string[]>;
}

export type TopoResult = { ok: true; order: string[] } | { ok: false; cycle: string[] };

export function topologicalOrder({ ids, dependencies }: TopoInput): TopoResult {
  const position = new Map(ids.map((id, i) => [id, i]));
  const remaining = new Map(ids.map((id) => [id, (dependencies.get(id) ?? []).length]));
  const dependents = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) for (const dep of dependencies.get(id) ?? []) dependents.get(dep)?.push(id);

  // A sorted ready list (by document position) keeps the order independent of how edges were listed.
  const ready = ids.filter((id) => remaining.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const id = ready.shift()!;
    order.push(id);
    for (const next of dependents.get(id)!) {
      const left = remaining.get(next)! - 1;
      remaining.set(next, left);
      if (left === 0) ready.push(next);
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
