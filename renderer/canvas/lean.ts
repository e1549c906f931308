// Whether the canvas draws nodes and edges lean (zoomed far out: box and op name, no labels). A context, set
// by the canvas in the same render that hands React Flow its nodes, so a big graph opening far out is never
// built in full detail first; it changes only when the zoom crosses the threshold.

import { createContext } from 'react';

export const LeanContext = createContext(false);
