// The few parts of the WebAssembly JS API the fast backend uses, typed here because core/ compiles against
// the ES library alone (no DOM, no @types/node), and found on globalThis so the same code runs in browsers,
// workers and Node. Also a base64 decoder, for the same reason (atob is not in the ES library).

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => WasmInstance;
}

/** The runtime's WebAssembly object, or null where there is none (some locked-down browsers). */
export function webAssemblyApi(): WebAssemblyApi | null {
  return (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly ?? null;
}

export const WASM_PAGE_BYTES = 65536;

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with '=' padding) → bytes. */
export function decodeBase64(text: string): Uint8Array {
  const values = new Uint8Array(128);
  for (let i = 0; i < BASE64_ALPHABET.length; i++) values[BASE64_ALPHABET.charCodeAt(i)] = i;
  const body = text.replace(/=+$/, '');
  const bytes = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let bitCount = 0;
  let at = 0;
  for (let i = 0; i < body.length; i++) {
    bits = (bits << 6) | values[body.charCodeAt(i)];
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      bytes[at++] = (bits >> bitCount) & 0xff;
    }
  }
  return bytes;
}
