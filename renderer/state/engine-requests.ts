// Asking the engine something and awaiting its answer: commands that carry a `requestId` are answered by one
// telemetry message with the same id (or an error with it). One helper for every such question — Try it,
// predictions for the plots, f(x) sweeps, tensors for the viewer, trained parameters for Save.

import type { EngineCommand } from '../../core/protocol/commands.ts';
import type { Telemetry } from '../../core/protocol/telemetry.ts';
import type { Host } from '../host/host.ts';

type WithRequestId<T> = T extends { requestId: number } ? T : never;
/** The commands that expect an answer. */
export type EngineQuestion = WithRequestId<EngineCommand>;
type AnswerType = { predict: 'prediction'; predictions: 'predictions'; activations: 'activations'; sweep: 'sweep'; 'request-tensor': 'tensor'; 'export-parameters': 'trained-parameters' };
type QuestionType = EngineQuestion['type'];
/** A question as the caller writes it: the helper adds the requestId. */
export type Question<K extends QuestionType> = Omit<Extract<EngineQuestion, { type: K }>, 'requestId'>;
/** The telemetry message that answers a given question. */
export type EngineAnswer<K extends QuestionType> = Extract<Telemetry, { type: AnswerType[K] }>;

/** The engine answered with an error (its message names the problem), or did not answer in time. */
export class EngineRequestError extends Error {}

let nextRequestId = 1;

const ANSWERS: AnswerType = { predict: 'prediction', predictions: 'predictions', activations: 'activations', sweep: 'sweep', 'request-tensor': 'tensor', 'export-parameters': 'trained-parameters' };

/** Send a question (its requestId is filled in) and resolve with the answer, or reject with the engine's error. */
export function askEngine<K extends QuestionType>(host: Host, question: { type: K } & Question<K>, timeoutMs = 30_000): Promise<EngineAnswer<K>> {
  const requestId = nextRequestId++;
  const expected = ANSWERS[question.type as K];
  return new Promise((resolve, reject) => {
    // Listen first, then start the clock: if listening fails the promise rejects with no timer left behind.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      unsubscribe();
      settle();
    };
    const unsubscribe = host.onTelemetry((telemetry) => {
      if (!('requestId' in telemetry) || telemetry.requestId !== requestId) return;
      if (telemetry.type === 'error') finish(() => reject(new EngineRequestError(telemetry.message)));
      else if (telemetry.type === expected) finish(() => resolve(telemetry as EngineAnswer<K>));
    });
    timer = setTimeout(() => finish(() => reject(new EngineRequestError(`the engine did not answer "${question.type}" within ${Math.round(timeoutMs / 1000)} s`))), timeoutMs);
    host.send({ ...question, requestId } as EngineCommand);
  });
}
