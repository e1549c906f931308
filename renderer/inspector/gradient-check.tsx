// "Check gradient" for a node (or every Operation of a layer): asks the engine to compare the node's analytic
// gradients with central differences on the first batch (float64), and shows ✓ or the relative error of each
// comparison. Answers arrive as gradient-check telemetry naming the node.

import { useEffect, useRef, useState } from 'react';
import { useServices, useTelemetry } from '../ui/context.ts';
import { describeCheck, formatRelativeError, type GradientCheckAnswer } from './gradient-check-view.ts';

type CheckState = { status: 'idle' } | { status: 'checking'; waiting: ReadonlySet<string> } | { status: 'failed'; message: string };

export function GradientCheck({ nodeIds }: { nodeIds: readonly string[] }) {
  const { host } = useServices();
  const ready = useTelemetry((s) => s.loaded !== undefined && s.status !== 'loading' && s.status !== 'running');
  const [state, setState] = useState<CheckState>({ status: 'idle' });
  const [answers, setAnswers] = useState<Record<string, GradientCheckAnswer>>({});
  const checking = useRef(false);
  const key = nodeIds.join('\n');

  useEffect(() => {
    setState({ status: 'idle' });
    setAnswers({});
    checking.current = false;
    const wanted = new Set(key.split('\n'));
    return host.onTelemetry((t) => {
      if (t.type === 'gradient-check' && wanted.has(t.nodeId)) {
        setAnswers((a) => ({ ...a, [t.nodeId]: t }));
        setState((s) => {
          if (s.status !== 'checking') return s;
          const waiting = new Set(s.waiting);
          waiting.delete(t.nodeId);
          checking.current = waiting.size > 0;
          return waiting.size > 0 ? { status: 'checking', waiting } : { status: 'idle' };
        });
      } else if (t.type === 'error' && t.requestId === undefined && checking.current) {
        // The engine could not check (no document, an unknown node): said here as well as in the banner.
        checking.current = false;
        setState({ status: 'failed', message: t.message });
      }
    });
  }, [host, key]);

  if (nodeIds.length === 0) return null;
  const check = () => {
    setAnswers({});
    checking.current = true;
    setState({ status: 'checking', waiting: new Set(nodeIds) });
    for (const nodeId of nodeIds) host.send({ type: 'gradient-check', nodeId });
  };
  const done = nodeIds.map((id) => answers[id]).filter((a): a is GradientCheckAnswer => a !== undefined);
  const complete = done.length === nodeIds.length;
  const passed = complete && done.every((a) => a.passed);
  return (
    <section aria-label="Gradient check" className="gradient-check">
      <h3>Gradient check</h3>
      <button type="button" data-testid="gradient-check" disabled={!ready || state.status === 'checking'} onClick={check}
        title="Compare the analytic gradients (backward) with central differences on the first batch, in float64">
        {state.status === 'checking' ? 'Checking…' : nodeIds.length > 1 ? `Check gradients (${nodeIds.length} operations)` : 'Check gradient'}
      </button>
      {state.status === 'failed' ? <p className="field-error" role="alert">{state.message}</p> : null}
      {complete ? (
        <div data-testid="gradient-check-result" data-passed={String(passed)} role="status" className={passed ? 'check-passed' : 'check-failed'}>
          <p className="check-verdict">{passed ? '✓ gradients match' : '✗ a gradient does not match'}</p>
          <ul>
            {done.map((answer) => (
              <li key={answer.nodeId} data-node-id={answer.nodeId} data-passed={String(answer.passed)}>
                {describeCheck(answer)}
                {answer.comparisons.length > 0 ? (
                  <ul>
                    {answer.comparisons.map((c) => (
                      <li key={c.name} data-comparison={c.name} data-max-relative-error={String(c.maxRelativeError)}>
                        {c.maxRelativeError <= answer.tolerance ? '✓' : '✗'} {c.name}: {formatRelativeError(c.maxRelativeError)}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
