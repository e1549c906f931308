// The gradient-health findings as a list beside the canvas (issue 6 §4): one line per finding with its
// message; a click selects the node it is about (the layer node when collapsed) and centres the view on it.

import { useTelemetry } from '../ui/context.ts';
import { isRunLocked } from '../state/telemetry-store.ts';
import { HEALTH_ICON, HEALTH_TITLE } from './health-badges.ts';

export function HealthPanel({ onFocus }: { onFocus: (nodeId: string) => void }) {
  const warnings = useTelemetry((s) => s.health);
  const locked = useTelemetry((s) => isRunLocked(s.status));
  if (warnings.length === 0) return null;
  return (
    <details className={locked ? 'health-warnings below-lock' : 'health-warnings'} data-testid="health-warnings" data-count={warnings.length} open>
      <summary>⚠ {warnings.length} gradient-health {warnings.length === 1 ? 'warning' : 'warnings'}</summary>
      <ul>
        {warnings.map((w, i) => (
          <li key={`${w.kind}:${w.nodeId}:${i}`}>
            <button type="button" className={`health-${w.kind}`} data-testid={`health-warning-${i}`} data-kind={w.kind} data-node-id={w.nodeId}
              title={`${w.message} (${HEALTH_TITLE[w.kind]}; click to show ${w.nodeId} on the canvas)`} onClick={() => onFocus(w.nodeId)}>
              <span aria-hidden="true">{HEALTH_ICON[w.kind]}</span> {w.message}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
