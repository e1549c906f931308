// plotly.js is 5 MB: it is imported once, on demand, the first time a plot is shown, as a chunk of its own
// (the editor starts without it). Every plot awaits the same promise.

type PlotlyModule = typeof import('plotly.js-strict-dist-min').default;

let loading: Promise<PlotlyModule> | undefined;

export function loadPlotly(): Promise<PlotlyModule> {
  const started = performance.now();
  loading ??= import('plotly.js-strict-dist-min').then((module) => {
    // How long fetching and evaluating 5 MB of plotly took (visible in the browser's performance timeline).
    performance.measure('gradflow: plotly loaded', { start: started });
    // A CommonJS bundle: the bundler puts module.exports on `default` (the UMD wrapper also sets window.Plotly).
    const plotly = ((module as { default?: PlotlyModule }).default ?? module) as PlotlyModule;
    if (typeof plotly?.react !== 'function') throw new Error('plotly.js did not load');
    return plotly;
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
