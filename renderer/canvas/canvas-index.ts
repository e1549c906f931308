// Which canvas node stands for an engine node (focus.ts canvasIdOf), given to every node and edge of the canvas
// through context: it changes only when the groups do (a layer collapsed or expanded), so it costs no
// re-render while nodes move or telemetry streams.

import { createContext } from 'react';
import type { CanvasIdOf } from './focus.ts';

const identity: CanvasIdOf = (id) => id;

export const CanvasIdContext = createContext<CanvasIdOf>(identity);
