// What a character model writes as it learns (chapter 6): after each epoch the engine continues the first
// training window with 80 generated characters; the newest is shown first, so the text can be watched
// turning from noise into words.

import { useTelemetry } from './context.ts';

export function TextSamples() {
  const samples = useTelemetry((s) => s.textSamples);
  if (samples.length === 0) return null;
  return (
    <section className="text-samples" aria-label="Generated text" data-testid="text-samples">
      <h2>Generated text</h2>
      <ol reversed>
        {[...samples].reverse().map((sample) => (
          <li key={sample.epoch} data-epoch={sample.epoch} data-testid="text-sample">
            <span className="muted">after epoch {sample.epoch}: </span>
            <span className="prompt" title="the prompt: the first training window">{sample.prompt}</span>
            <span className="generated">{sample.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
