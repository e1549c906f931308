// What every plot component reads besides the telemetry: the loaded graph's facts, which split predictions
// come from, and the file-name stem for exports. Derived once per loaded graph in the dock.

import { createContext, useContext } from 'react';
import type { GraphDescription } from '../../core/protocol/telemetry.ts';
import type { GraphFacts } from './applicable-plots.ts';

export interface PlotsContextValue {
  graph: GraphDescription;
  facts: GraphFacts;
  split: 'train' | 'validation' | 'test';
  /** The open document's name as a file-name part, e.g. "a-spiral-two-classes". */
  fileStem: string;
}

export const PlotsContext = createContext<PlotsContextValue | null>(null);

export function usePlots(): PlotsContextValue {
  const value = useContext(PlotsContext);
  if (!value) throw new Error('usePlots outside the plots dock');
  return value;
}
