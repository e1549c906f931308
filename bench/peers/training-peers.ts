// The peers of the training benchmarks, ready for compare.ts: our engine on a backend, a numpy peer (one
// python process per round), a TensorFlow.js backend.

import type { BackendName } from '../../core/train/config.ts';
import type { PeerSetup, ReadyPeer } from './compare.ts';
import { EnginePeer, peerArrays, type TrainingCase } from './engine.ts';
import { numpyLosses, numpyPython, PeerData, timeNumpyPeer, type NumpyPeer } from './numpy.ts';
import { TfPeer, type TfBackend } from './tfjs.ts';

export function enginePeer(c: TrainingCase, backend: BackendName, seconds: number): PeerSetup {
  return async (): Promise<ReadyPeer> => {
    const peer = new EnginePeer(c, backend);
    const firstLoss = peer.firstBatchLoss();
    return { firstLoss, description: peer.description, measure: async () => peer.time(seconds) };
  };
}

/** The case's arrays in one .npz shared by its numpy peers; remove() it when the benchmark is done. */
export class SharedPeerData {
  private data: PeerData | undefined;
  constructor(private readonly c: TrainingCase) {}
  get(): PeerData {
    this.data ??= new PeerData(peerArrays(this.c));
    return this.data;
  }
  remove(): void {
    this.data?.remove();
  }
}

export function numpyPeer(c: TrainingCase, peer: Exclude<NumpyPeer, 'matmul'>, shared: SharedPeerData, seconds: number): PeerSetup {
  return async (): Promise<ReadyPeer> => {
    const found = numpyPython();
    if ('skip' in found) throw new Error(found.skip);
    const data = shared.get();
    const check = await numpyLosses(found.python, peer, data, c.meta);
    return {
      firstLoss: check.losses[0],
      description: `numpy ${check.numpy}, single-threaded (OPENBLAS_NUM_THREADS=1), one python process per round`,
      measure: () => timeNumpyPeer(found.python, peer, data, { meta: c.meta, seconds }),
    };
  };
}

export function tfjsPeer(c: TrainingCase, model: 'mlp' | 'conv', backend: TfBackend, seconds: number): PeerSetup {
  return async (): Promise<ReadyPeer> => {
    let peer: TfPeer;
    try {
      peer = await (model === 'mlp' ? TfPeer.mlp(c, backend) : TfPeer.conv(c, backend));
    } catch (error) {
      throw new Error(`TensorFlow.js not available (${(error as Error).message.split('\n')[0]})`);
    }
    try {
      const [firstLoss] = await peer.losses();
      return { firstLoss, description: peer.description, measure: () => peer.time(seconds), dispose: () => peer.dispose() };
    } catch (error) {
      peer.dispose();
      throw new Error(`${peer.description} cannot train this model: ${(error as Error).message.split('\n')[0]}`);
    }
  };
}
