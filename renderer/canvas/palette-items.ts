// What the palette offers: every Operation of the registry, grouped by the book's chapter and the op's family,
// and the layers (Dense, Conv2D) that expand into several Operations. Pure, so search is unit-tested.

import { OPS } from '../../core/ops/registry.ts';
import { LAYER_TEMPLATES } from '../../core/layers/templates.ts';

export interface PaletteItem {
  /** The op type (or layer kind) — also the drag payload and the data-testid suffix. */
  type: string;
  kind: 'op' | 'layer';
  description: string;
  formula: string;
  chapter: number;
  family: string;
}

export interface PaletteSection {
  title: string;
  items: PaletteItem[];
}

/** The drag-and-drop MIME type the canvas accepts. */
export const PALETTE_MIME = 'application/x-gradflow-palette';

export const PALETTE_ITEMS: readonly PaletteItem[] = [
  ...OPS.map((op): PaletteItem => ({ type: op.type, kind: 'op', description: op.description, formula: op.formula, chapter: op.chapter, family: op.family })),
  ...LAYER_TEMPLATES.map((t): PaletteItem => ({
    type: t.kind, kind: 'layer', description: t.description, chapter: t.kind === 'Conv2D' ? 5 : 3, family: 'layer',
    formula: t.members(Object.fromEntries(Object.entries(t.attributes).map(([k, s]) => [k, s.default as never]))).map((m) => m.op).join(' → '),
  })),
];

/** Layer kinds share a name with an op (Conv2D): the palette keys them apart. */
export const paletteKey = (item: PaletteItem): string => (item.kind === 'layer' ? `layer-${item.type}` : item.type);

const matches = (item: PaletteItem, words: string[]): boolean => {
  const text = `${item.type} ${item.family} ${item.description} ${item.kind}`.toLowerCase();
  return words.every((w) => text.includes(w));
};

/** The items matching every word of `query` (type, family or description), grouped by chapter and family. */
export function paletteSections(query = ''): PaletteSection[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const sections = new Map<string, PaletteItem[]>();
  for (const item of PALETTE_ITEMS) {
    if (!matches(item, words)) continue;
    const title = item.kind === 'layer' ? 'Layers' : `Chapter ${item.chapter} · ${item.family}`;
    const list = sections.get(title);
    if (list) list.push(item);
    else sections.set(title, [item]);
  }
  const order = (title: string): number => (title === 'Layers' ? 1000 : Number(/\d+/.exec(title)?.[0] ?? 0));
  return [...sections].sort(([a], [b]) => order(a) - order(b)).map(([title, items]) => ({ title, items }));
}

/** A fresh id for a new node or layer: the type in lower case plus the first free counter ("weightmultiply1"). */
export function freshId(taken: Iterable<string>, type: string): string {
  const used = new Set(taken);
  const stem = type.toLowerCase().replace(/[^a-z0-9]+/g, '');
  for (let i = 1; ; i++) {
    const id = `${stem}${i}`;
    // A layer's members are `<id>_<role>`: keep those free too.
    if (!used.has(id) && ![...used].some((u) => u.startsWith(`${id}_`))) return id;
  }
}
