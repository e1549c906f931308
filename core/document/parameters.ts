// Trained parameters in a document: Float32 values, base64-encoded, keyed `<nodeId>.<paramName>`.

import { Tensor } from '../tensor/tensor.ts';
import type { ParameterStore } from '../graph/types.ts';
import { decodeFloat32Base64, encodeFloat32Base64 } from './serialize.ts';
import type { GradflowDocument, SavedParameter } from './types.ts';

/** The parameters of a run, ready to store in a document (float64 values are rounded to float32). */
export function parametersToDocument(store: ParameterStore): Record<string, SavedParameter> {
  const saved: Record<string, SavedParameter> = {};
  for (const [key, tensor] of store) {
    const values = tensor.data instanceof Float32Array ? tensor.data : Float32Array.from(tensor.data);
    saved[key] = { shape: [...tensor.shape], dtype: 'float32', data: encodeFloat32Base64(values) };
  }
  return saved;
}

/** A document's saved parameters as tensors; a value that does not decode is reported by key. */
export function parametersFromDocument(doc: GradflowDocument): { ok: true; store: ParameterStore } | { ok: false; error: string } {
  const store: ParameterStore = new Map();
  for (const [key, saved] of Object.entries(doc.parameters ?? {})) {
    const size = saved.shape.reduce((p, d) => p * d, 1);
    const decoded = decodeFloat32Base64(saved.data, size);
    if (!decoded.ok) return { ok: false, error: `parameter "${key}": ${decoded.error}` };
    store.set(key, new Tensor(decoded.value, saved.shape));
  }
  return { ok: true, store };
}
