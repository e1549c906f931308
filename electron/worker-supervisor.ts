// The desktop's engine supervisor: core/protocol/engine-supervisor.ts (the policy every host shares — heartbeat,
// timeouts, restart and reload, the crash-loop cap) driving a node:worker_threads Worker. The heartbeat runs on a
// MessagePort of its own, handed to the worker in its workerData, so a ping never waits behind commands.
//
// No Electron here: tests drive it with real worker_threads and tiny scripts that crash or hang on command.

import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { EngineSupervisor, type EngineSupervisorOptions, type SupervisedWorker, type WorkerEvents } from '../core/protocol/engine-supervisor.ts';

export interface SupervisorOptions extends Omit<EngineSupervisorOptions, 'createWorker'> {
  /** Starts a worker; it must pass `heartbeat` on in its workerData (transferList) and answer its pings. */
  createWorker(heartbeat: MessagePort): Worker;
}

/** A worker thread wired to the supervisor's events; terminate() also stops a thread stuck in a loop (V8 interrupts it). */
function supervisedThread(createWorker: SupervisorOptions['createWorker'], events: WorkerEvents): SupervisedWorker {
  const { port1, port2 } = new MessageChannel();
  const worker = createWorker(port2);
  port1.on('message', () => events.answer());
  port1.unref();
  worker.on('message', (message: unknown) => events.message(message));
  worker.on('error', (error: Error) => events.error(error.message));
  worker.on('exit', (code: number) => events.exit(code));
  return {
    post: (command) => worker.postMessage(command),
    ping: (sequence) => port1.postMessage(sequence),
    terminate: async () => {
      port1.close();
      await worker.terminate();
    },
  };
}

export class WorkerSupervisor extends EngineSupervisor {
  constructor(options: SupervisorOptions) {
    const { createWorker, ...rest } = options;
    super({ ...rest, createWorker: (events) => supervisedThread(createWorker, events) });
  }
}
