// The prepared data as an .npz the exported scripts train on: the rows exactly as Gradflow feeds them to the
// model (loaded, split, scaled and one-hot encoded by core/data), one array per split. The scripts cannot
// read Gradflow's data sources themselves; this file is how the same rows reach them.

import type { PreparedData } from '../data/prepare.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { npzBytes, type NpyArray } from './npz.ts';
import type { ExportFile } from './types.ts';

const asArray = (t: Tensor): NpyArray => ({ data: t.data, shape: t.shape, dtype: t.dtype === 'float64' ? 'float64' : 'float32' });

/** x_train, y_train and, where the data has them, x_val, y_val, x_test, y_test. */
export function dataFile(stem: string, data: PreparedData): ExportFile {
  const arrays = new Map<string, NpyArray>([['x_train', asArray(data.train.x)], ['y_train', asArray(data.train.y)]]);
  if (data.validation) arrays.set('x_val', asArray(data.validation.x)).set('y_val', asArray(data.validation.y));
  if (data.test) arrays.set('x_test', asArray(data.test.x)).set('y_test', asArray(data.test.y));
  const rows = data.train.x.shape[0]!;
  return {
    name: `${stem}.data.npz`,
    description: `the prepared data (${rows} training rows${data.validation ? `, ${data.validation.x.shape[0]} validation` : ''}${data.test ? `, ${data.test.x.shape[0]} test` : ''}), scaled and encoded as Gradflow feeds the model`,
    contents: npzBytes(arrays),
  };
}
