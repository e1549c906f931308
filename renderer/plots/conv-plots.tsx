// Convolutions as pictures: each Conv2D kernel (C_in, C_out, k, k) as small images, and an edge carrying
// images (N, C, H, W) as the first sample's feature maps. e2e/conv.e2e.test.ts draws both on chapter 5's CNN.

import { useMemo, useState } from 'react';
import { askEngine } from '../state/engine-requests.ts';
import { useServices } from '../ui/context.ts';
import { featureMapPictures, filterPictures, gridColumns, tilePictures } from './images.ts';
import { pictureGridFigure } from './tensor-figures.ts';
import { PlotView } from './plot-view.tsx';
import { usePlots } from './plot-context.ts';
import { usePlotTheme } from './use-plot-theme.ts';
import { useEngineQuery } from './use-engine-query.ts';

export function FiltersPlot() {
  const { host } = useServices();
  const { facts, fileStem } = usePlots();
  const theme = usePlotTheme();
  const [picked, setPicked] = useState<string | null>(null);
  const key = (facts.kernels.find((p) => p.key === picked) ?? facts.kernels[0])?.key ?? '';
  const query = useEngineQuery(key ? () => askEngine(host, { type: 'request-tensor', tensor: { kind: 'parameter', key } }) : null, key, { liveMs: 2000 });
  const figure = useMemo(() => {
    if (!query.data) return null;
    const { pictures, columns } = filterPictures(query.data.shape, query.data.data);
    return pictureGridFigure(tilePictures(pictures, columns), theme, { signed: true, cellPixels: 12 });
  }, [query.data, theme]);
  return (
    <>
      <div className="plot-controls">
        <label>Kernel{' '}
          <select data-testid="plot-filters-param" value={key} onChange={(e) => setPicked(e.target.value)}>
            {facts.kernels.map((p) => <option key={p.key} value={p.key}>{p.key} [{p.shape.join(' × ')}]</option>)}
          </select>
        </label>
      </div>
      <PlotView kind="filters" figure={figure} label={`The convolution kernels of ${key}${query.data?.shape[0] === 1 ? ', one per filter' : ', one row per output channel'}`} empty={query.error ?? 'Asking the engine for the kernels…'} fileName={`${fileStem}-filters`} />
    </>
  );
}

export function FeatureMapsPlot() {
  const { host } = useServices();
  const { facts, fileStem } = usePlots();
  const theme = usePlotTheme();
  const [picked, setPicked] = useState<string | null>(null);
  const edgeId = facts.imageEdges.find((e) => e === picked) ?? facts.imageEdges[0] ?? '';
  const query = useEngineQuery(edgeId ? () => askEngine(host, { type: 'request-tensor', tensor: { kind: 'edge-value', edgeId } }) : null, edgeId, { liveMs: 2000 });
  const figure = useMemo(() => {
    if (!query.data) return null;
    const pictures = featureMapPictures(query.data.shape, query.data.data);
    return pictureGridFigure(tilePictures(pictures, gridColumns(pictures.length, 8)), theme, { signed: false });
  }, [query.data, theme]);
  return (
    <>
      <div className="plot-controls">
        <label>Edge{' '}
          <select data-testid="plot-feature-maps-edge" value={edgeId} onChange={(e) => setPicked(e.target.value)}>
            {facts.imageEdges.map((id) => <option key={id} value={id}>{id}</option>)}
          </select>
        </label>
      </div>
      <PlotView kind="feature-maps" figure={figure} label={`Feature maps on edge ${edgeId}, one image per channel`} empty={query.error ?? 'Train a batch or step forward first.'} fileName={`${fileStem}-feature-maps`} />
    </>
  );
}
