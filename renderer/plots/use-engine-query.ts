// A plot's question to the engine (a tensor, predictions, a sweep), asked again when its answer may have
// changed: when the plot opens or its key changes, when the engine reloads the graph (an edit, a Reset), when
// a run starts or ends, and — for live plots — every `liveMs` while a run goes on. Never two at once (latest
// wins); the answer stays on screen until the next one arrives.

import { useCallback, useEffect, useRef, useState } from 'react';
import { useTelemetry } from '../ui/context.ts';
import { latestWins, type LatestWins } from './latest-wins.ts';

export interface EngineQuery<T> {
  data: T | undefined;
  /** The engine's refusal or a time-out, in its words. */
  error: string | undefined;
  pending: boolean;
  refresh(): void;
}

export function useEngineQuery<T>(ask: (() => Promise<T>) | null, key: string, options: { liveMs?: number } = {}): EngineQuery<T> {
  const loaded = useTelemetry((s) => s.loaded);
  const running = useTelemetry((s) => s.status === 'running');
  const stepping = useTelemetry((s) => s.status === 'stepping' || s.status === 'paused');
  const askRef = useRef(ask);
  askRef.current = ask;
  const keyRef = useRef(key);
  keyRef.current = key;
  const [answer, setAnswer] = useState<{ key: string; data?: T; error?: string }>({ key });
  const [pending, setPending] = useState(false);
  const runner = useRef<LatestWins<string> | null>(null);

  useEffect(() => {
    const scheduler = latestWins(async (forKey: string) => {
      const question = askRef.current;
      if (!question) return;
      setPending(true);
      try {
        const data = await question();
        if (runner.current === scheduler) setAnswer({ key: forKey, data });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (runner.current === scheduler) setAnswer((previous) => ({ key: forKey, ...(previous.key === forKey && previous.data !== undefined ? { data: previous.data } : {}), error: message }));
      } finally {
        if (runner.current === scheduler) setPending(false);
      }
    });
    runner.current = scheduler;
    return () => {
      scheduler.stop();
      runner.current = null;
    };
  }, []);

  const refresh = useCallback(() => { if (askRef.current) runner.current?.offer(keyRef.current); }, []);
  const enabled = ask !== null && loaded !== undefined;

  useEffect(() => { if (enabled) refresh(); }, [enabled, key, loaded, running, stepping, refresh]);

  useEffect(() => {
    if (!enabled || !running || !options.liveMs) return;
    const timer = setInterval(refresh, options.liveMs);
    return () => clearInterval(timer);
  }, [enabled, running, options.liveMs, refresh]);

  const current = answer.key === key;
  return { data: current ? answer.data : undefined, error: current ? answer.error : undefined, pending, refresh };
}
