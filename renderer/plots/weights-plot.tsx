// A parameter as a heatmap, or — for a first layer fed by images — one picture per neuron of the weights into
// it. The full tensor is asked of the engine (request-tensor), again every 2 s while a run goes on.

import { useMemo, useState } from 'react';
import { askEngine } from '../state/engine-requests.ts';
import { useServices } from '../ui/context.ts';
import { gridColumns, matrixRows, tilePictures, weightPictures } from './images.ts';
import { matrixFigure, pictureGridFigure } from './tensor-figures.ts';
import { PlotView } from './plot-view.tsx';
import { usePlots } from './plot-context.ts';
import { usePlotTheme } from './use-plot-theme.ts';
import { useEngineQuery } from './use-engine-query.ts';

export function WeightsPlot() {
  const { host } = useServices();
  const { facts, fileStem } = usePlots();
  const theme = usePlotTheme();
  const [picked, setPicked] = useState<string | null>(null);
  const param = facts.matrices.find((p) => p.key === picked) ?? facts.matrices[0];
  const image = facts.image;
  const canBeImages = !!param && !!image && param.shape.length === 2 && param.shape[0] === image.height * image.width;
  const [imagesChosen, setImagesChosen] = useState(true);
  const asImages = canBeImages && imagesChosen;
  const key = param?.key ?? '';
  const query = useEngineQuery(param ? () => askEngine(host, { type: 'request-tensor', tensor: { kind: 'parameter', key } }) : null, key, { liveMs: 2000 });
  const tensor = query.data;
  const figure = useMemo(() => {
    if (!tensor) return null;
    if (asImages && image) {
      const pictures = weightPictures(tensor.shape, tensor.data, image);
      return pictureGridFigure(tilePictures(pictures, gridColumns(pictures.length, 12)), theme, { signed: true });
    }
    return matrixFigure(matrixRows(tensor.shape.length === 2 && tensor.shape[0] === 1 ? [tensor.shape[1]!] : tensor.shape, tensor.data), theme,
      tensor.shape.length === 2 && tensor.shape[0]! > 1 ? { x: 'neuron', y: 'input' } : { x: 'neuron', y: '' });
  }, [tensor, asImages, image, theme]);
  return (
    <>
      <div className="plot-controls">
        <label>Parameter{' '}
          <select data-testid="plot-weights-param" value={key} onChange={(e) => setPicked(e.target.value)}>
            {facts.matrices.map((p) => <option key={p.key} value={p.key}>{p.key} [{p.shape.join(' × ')}]</option>)}
          </select>
        </label>
        {canBeImages ? (
          <label><input type="checkbox" data-testid="plot-weights-images" checked={imagesChosen} onChange={(e) => setImagesChosen(e.target.checked)} /> one image per neuron</label>
        ) : null}
        <button type="button" onClick={query.refresh} disabled={query.pending}>Refresh</button>
      </div>
      <PlotView kind={asImages ? 'weight-images' : 'weights'} figure={figure}
        label={asImages ? `The weights into each neuron of ${key} as ${image!.height}×${image!.width} images` : `Heatmap of parameter ${key}`}
        empty={query.error ?? 'Asking the engine for the weights…'} fileName={`${fileStem}-${key.replace(/[^\w.-]+/g, '_')}`} />
    </>
  );
}
