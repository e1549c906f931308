// The few functions of plotly.js-strict-dist-min the plots use (the package ships no types). Figures are
// loose objects on purpose: plots.ts-side code builds them through our own typed helpers (figure.ts).

declare module 'plotly.js-strict-dist-min' {
  export type PlotData = Record<string, unknown>;
  export type PlotLayout = Record<string, unknown>;
  export type PlotConfig = Record<string, unknown>;
  export interface Figure { data: PlotData[]; layout?: PlotLayout; config?: PlotConfig }
  export interface ImageOptions { format: 'png' | 'svg' | 'jpeg' | 'webp'; width?: number; height?: number; scale?: number; filename?: string }

  export function newPlot(root: HTMLElement, data: PlotData[], layout?: PlotLayout, config?: PlotConfig): Promise<HTMLElement>;
  /** Like newPlot, but diffs against what is drawn: the call for every update. */
  export function react(root: HTMLElement, data: PlotData[], layout?: PlotLayout, config?: PlotConfig): Promise<HTMLElement>;
  export function purge(root: HTMLElement): void;
  /** A data: URL of the figure (drawn element or figure object) as an image. */
  export function toImage(root: HTMLElement | Figure, options: ImageOptions): Promise<string>;
  export function downloadImage(root: HTMLElement | Figure, options: ImageOptions): Promise<string>;

  const Plotly: {
    newPlot: typeof newPlot;
    react: typeof react;
    purge: typeof purge;
    toImage: typeof toImage;
    downloadImage: typeof downloadImage;
  };
  export default Plotly;
}
