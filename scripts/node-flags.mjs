// Node flags the engine's processes need. Node 20's V8 (11.3) has relaxed SIMD (the fast backend's FMA
// kernels) behind --experimental-wasm-relaxed-simd; V8 turns it on by default from 11.4, and V8 drops such
// flags some time after a feature ships (then an unknown flag stops node from starting). So the flag is
// passed only to a V8 that needs it.
export function relaxedSimdFlags(v8Version = process.versions.v8) {
  const [major, minor] = v8Version.split('.').map(Number);
  return major < 11 || (major === 11 && minor < 4) ? ['--experimental-wasm-relaxed-simd'] : [];
}
