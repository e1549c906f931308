// What a plot is, as our code builds it: plotly's figure (traces and a layout) as plain objects. Builders are
// pure functions of the data and the theme, so they are unit-tested without a browser. Loose types on purpose:
// plotly's own schema is huge and the strict bundle ships no types (plotly.d.ts covers the calls).

export type PlotTrace = Record<string, unknown>;
export type PlotLayout = Record<string, unknown>;

export interface Figure {
  data: PlotTrace[];
  layout: PlotLayout;
  /** The widest the plot should be drawn on the page (px): square plots stay square instead of stretching. */
  maxWidth?: number;
}

const hasItems = (value: unknown): boolean =>
  (Array.isArray(value) || ArrayBuffer.isView(value)) && (value as ArrayLike<unknown>).length > 0;

/** At least one trace with something to draw (points on x/y, cells in z). */
export function hasPoints(figure: Figure | null | undefined): boolean {
  return !!figure && figure.data.some((trace) => hasItems(trace.y) || hasItems(trace.z) || hasItems(trace.x));
}
