// Browser storage for the web host: the recent-files list and the autosave copy.
//
// IndexedDB rather than localStorage because it can hold File System Access handles (structured clone),
// which is what lets a recent file be reopened and saved back in place. Where IndexedDB is unavailable
// (some private modes) an in-memory store keeps the page working for the session.

import type { AutosaveRecord, RecentFile } from './host.ts';

export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A recent file as stored: the list entry, the handle if the browser gave one, and a copy of the text. */
export interface StoredRecent extends RecentFile {
  /** A FileSystemFileHandle (kept opaque so this module needs no File System Access types). */
  handle?: unknown;
  /** The text as last opened or saved, for browsers without handles (upload/download). */
  text?: string;
}

export const MAX_RECENT = 10;
/** Larger documents are listed without a text copy, so a few big files cannot fill the quota. */
export const MAX_RECENT_TEXT = 2_000_000;

/** The list with `entry` first, older entries with the same ref dropped, at most `max` long. */
export function pushRecent(list: readonly StoredRecent[], entry: StoredRecent, max = MAX_RECENT): StoredRecent[] {
  const copy: StoredRecent = entry.text !== undefined && entry.text.length > MAX_RECENT_TEXT ? { ...entry, text: undefined } : entry;
  return [copy, ...list.filter((r) => r.ref !== entry.ref)].slice(0, max);
}

export function memoryStore(): KeyValueStore {
  const map = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => map.get(key) as T | undefined,
    set: async (key, value) => { map.set(key, value); },
    delete: async (key) => { map.delete(key); },
  };
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** One object store in one database, opened lazily; falls back to memory if IndexedDB refuses. */
export function indexedDbStore(dbName = 'gradflow', storeName = 'kv'): KeyValueStore {
  let opened: Promise<IDBDatabase | null> | null = null;
  const fallback = memoryStore();
  const open = () => {
    opened ??= new Promise<IDBDatabase | null>((resolve) => {
      if (typeof indexedDB === 'undefined') return resolve(null);
      const req = indexedDB.open(dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(storeName);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
      req.onblocked = () => resolve(null);
    });
    return opened;
  };
  const objectStore = async (mode: IDBTransactionMode): Promise<IDBObjectStore | null> => {
    const db = await open();
    return db ? db.transaction(storeName, mode).objectStore(storeName) : null;
  };
  return {
    async get<T>(key: string) {
      const store = await objectStore('readonly');
      return store ? ((await request(store.get(key))) as T | undefined) : fallback.get<T>(key);
    },
    async set(key, value) {
      const store = await objectStore('readwrite');
      if (store) await request(store.put(value, key));
      else await fallback.set(key, value);
    },
    async delete(key) {
      const store = await objectStore('readwrite');
      if (store) await request(store.delete(key));
      else await fallback.delete(key);
    },
  };
}

const RECENT_KEY = 'recent-files';
const AUTOSAVE_KEY = 'autosave';

/** Recent files and autosave over a key-value store. */
export class WebStorage {
  constructor(private readonly kv: KeyValueStore) {}

  async recent(): Promise<StoredRecent[]> {
    return (await this.kv.get<StoredRecent[]>(RECENT_KEY)) ?? [];
  }

  async addRecent(entry: StoredRecent): Promise<void> {
    await this.kv.set(RECENT_KEY, pushRecent(await this.recent(), entry));
  }

  async removeRecent(ref: string): Promise<void> {
    const list = await this.recent();
    if (list.some((r) => r.ref === ref)) await this.kv.set(RECENT_KEY, list.filter((r) => r.ref !== ref));
  }

  async findRecent(ref: string): Promise<StoredRecent | undefined> {
    return (await this.recent()).find((r) => r.ref === ref);
  }

  async autosave(record: AutosaveRecord | null): Promise<void> {
    if (record === null) await this.kv.delete(AUTOSAVE_KEY);
    else await this.kv.set(AUTOSAVE_KEY, record);
  }

  async readAutosave(): Promise<AutosaveRecord | null> {
    return (await this.kv.get<AutosaveRecord>(AUTOSAVE_KEY)) ?? null;
  }
}
