// EngineError: a failure while running a graph, naming the node where it happened so every host can point at
// it (the canvas focuses the node, the CLI prints its id).

export class EngineError extends Error {
  constructor(message: string, readonly nodeId?: string) {
    super(message);
    this.name = 'EngineError';
  }
}
