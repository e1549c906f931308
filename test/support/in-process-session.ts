// The engine session in-process, on a fake platform: a clock that moves only between scheduled turns (so
// every batch gets a telemetry frame and frames cost "no time"), a queue of turns the test runs, and a log of
// everything the session said. Data comes from the repository (assets/data) through the CLI's host.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { EngineSession } from '../../core/runtime/session.ts';
import type { Telemetry } from '../../core/protocol/telemetry.ts';
import type { EngineCommand } from '../../core/protocol/commands.ts';
import { loadDocument } from '../../core/document/load.ts';
import type { GradflowDocument } from '../../core/document/types.ts';
import { CliHost } from '../../cli/host.ts';

const root = join(import.meta.dirname, '..', '..');

export function example(name: string): GradflowDocument {
  const loaded = loadDocument(readFileSync(join(root, 'assets', 'examples', `${name}.gradflow`), 'utf8'));
  assert.ok(loaded.ok, `example ${name} loads`);
  return loaded.doc;
}

/** The data host an example's data is read through (built-in datasets come from assets/data). */
export const exampleDataHost = () => new CliHost().dataHost(join(root, 'assets', 'examples', 'in-memory.gradflow'));

export type Of<T extends Telemetry['type']> = Extract<Telemetry, { type: T }>;

export class InProcessSession {
  readonly received: Telemetry[] = [];
  readonly session: EngineSession;
  private readonly turns: (() => void)[] = [];
  private clock = 0;

  constructor(options: { hz?: number } = {}) {
    this.session = new EngineSession({
      post: (t) => this.received.push(t),
      dataHost: exampleDataHost(),
      platform: { now: () => this.clock, wallClock: () => this.clock, schedule: (fn) => this.turns.push(fn) },
      hz: options.hz ?? 30,
    });
  }

  send(command: EngineCommand | Record<string, unknown>): void {
    this.session.handle(command);
  }

  /** Load a document and wait until the session is ready (fails the test on an error). */
  async load(document: GradflowDocument): Promise<Of<'loaded'>> {
    const from = this.received.length;
    this.send({ type: 'load', document });
    for (let i = 0; i < 1000; i++) {
      const done = this.received.slice(from).find((t) => t.type === 'status' && (t.status === 'ready' || t.status === 'error'));
      if (done) {
        assert.equal((done as Of<'status'>).status, 'ready', (done as Of<'status'>).message);
        return this.received.slice(from).find((t): t is Of<'loaded'> => t.type === 'loaded')!;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error('the document did not load');
  }

  /** Run scheduled turns (one batch each), 50 ms apart on the fake clock, until none is left or `max` ran. */
  run(max = Infinity): number {
    let ran = 0;
    while (this.turns.length > 0 && ran < max) {
      this.clock += 50;
      this.turns.shift()!();
      ran++;
    }
    return ran;
  }

  all<T extends Telemetry['type']>(type: T, since = 0): Of<T>[] {
    return this.received.slice(since).filter((t): t is Of<T> => t.type === type);
  }

  last<T extends Telemetry['type']>(type: T): Of<T> | undefined {
    return this.all(type).at(-1);
  }

  /** Send a command and return what it answered (the messages posted while handling it). */
  ask(command: EngineCommand | Record<string, unknown>): Telemetry[] {
    const from = this.received.length;
    this.send(command);
    return this.received.slice(from);
  }
}
