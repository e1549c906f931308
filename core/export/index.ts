// Export a document to another framework: the one entry point the CLI and the app call. Returns files
// (names + contents); the host writes them. See README.md here for how the exporters are built.

import type { GradflowDocument } from '../document/types.ts';
import { exportNumpy } from './numpy.ts';
import { exportPytorch } from './pytorch.ts';
import type { ExportFile, ExportTarget } from './types.ts';

export { ExportError, EXPORT_TARGETS, type ExportFile, type ExportTarget } from './types.ts';
export { dataFile } from './data.ts';
export { fileStem } from './model.ts';

/** The files of `doc` exported to `to`, named after `stem`; throws ExportError when the graph cannot be. */
export function exportDocument(doc: GradflowDocument, to: ExportTarget, stem: string): ExportFile[] {
  return to === 'numpy' ? exportNumpy(doc, stem) : exportPytorch(doc, stem);
}
