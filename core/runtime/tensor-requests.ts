// Full tensors on request (a heatmap, an image): copied into a fresh Float32Array whose buffer the host
// transfers to the window instead of copying it again.

import type { Executor } from '../graph/executor.ts';
import type { ParameterStore } from '../graph/types.ts';
import type { TensorRequest } from '../protocol/commands.ts';
import type { Tensor } from '../tensor/tensor.ts';

export type FoundTensor = { ok: true; shape: number[]; data: Float32Array } | { ok: false; error: string };

export class TensorRequests {
  find(request: TensorRequest, executor: Executor | undefined, params: ParameterStore | undefined): FoundTensor {
    let tensor: Tensor | undefined;
    let what: string;
    switch (request.kind) {
      case 'edge-value':
      case 'edge-gradient': {
        what = `the ${request.kind === 'edge-value' ? 'value' : 'gradient'} of edge "${request.edgeId}"`;
        const edge = executor?.graph.edges.find((e) => e.id === request.edgeId);
        if (executor && !edge) return { ok: false, error: `there is no edge "${request.edgeId}"` };
        tensor = request.kind === 'edge-value' ? executor?.values.get(edge?.from ?? '') : executor?.edgeGrads.get(request.edgeId);
        break;
      }
      case 'parameter':
        what = `parameter "${request.key}"`;
        tensor = params?.get(request.key);
        break;
      case 'parameter-gradient':
        what = `the gradient of parameter "${request.key}"`;
        tensor = executor?.paramGrads.get(request.key);
        break;
    }
    if (!tensor) return { ok: false, error: `${what} is not available yet (train a batch or step through first)` };
    return { ok: true, shape: [...tensor.shape], data: Float32Array.from(tensor.data) };
  }
}
