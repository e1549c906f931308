// The Electron fuses the packaged app must have (electron-builder.yml `electronFuses` flips them), and the checks
// that compare the config and a packaged executable's fuse wire with this list. Used by scripts/check-packaging.mjs
// and electron/security-fuses.test.ts.
//
// A fuse wire is a sentinel string in the Electron binary followed by a version byte, a length byte and one byte per
// fuse: '0' off, '1' on, 'r' removed (@electron/fuses reads and writes it).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** What each fuse must be in the packaged app, by its electron-builder name; electron-builder.yml says why. */
export const REQUIRED_FUSES = Object.freeze({
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
});

/** Each fuse's position in the V1 wire (@electron/fuses FuseV1Options). */
export const FUSE_WIRE_INDEX = Object.freeze({
  runAsNode: 0,
  enableCookieEncryption: 1,
  enableNodeOptionsEnvironmentVariable: 2,
  enableNodeCliInspectArguments: 3,
  enableEmbeddedAsarIntegrityValidation: 4,
  onlyLoadAppFromAsar: 5,
  loadBrowserProcessSpecificV8Snapshot: 6,
  grantFileProtocolExtraPrivileges: 7,
});

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const OFF = 0x30;
const ON = 0x31;
const REMOVED = 0x72;

/** The `electronFuses` section of electron-builder.yml (or of `text`), or null when there is none. */
export function builderFuses(text = readFileSync(join(root, 'electron-builder.yml'), 'utf8')) {
  // electron-builder reads its YAML with js-yaml; read it with the same parser, from electron-builder's own tree.
  const yaml = createRequire(require.resolve('app-builder-lib/package.json'))('js-yaml');
  const config = yaml.load(text);
  return config?.electronFuses ?? null;
}

/** Every way `fuses` (electron-builder's electronFuses) differs from REQUIRED_FUSES, one message each. */
export function fuseConfigProblems(fuses) {
  if (fuses === null || typeof fuses !== 'object') return ['electron-builder.yml has no electronFuses section'];
  const problems = [];
  for (const [name, wanted] of Object.entries(REQUIRED_FUSES)) {
    if (fuses[name] !== wanted) problems.push(`electronFuses.${name} must be ${wanted}, not ${fuses[name] ?? 'unset'}`);
  }
  for (const name of Object.keys(fuses)) {
    if (!(name in REQUIRED_FUSES) && name !== 'resetAdHocDarwinSignature') problems.push(`electronFuses.${name} is not a fuse this check knows; add it to REQUIRED_FUSES with its reason`);
  }
  return problems;
}

/**
 * Every way a fuse wire (@electron/fuses getCurrentFuseWire: { version, 0: state, 1: state, … }) differs from
 * REQUIRED_FUSES, one message each.
 */
export function fuseWireProblems(wire) {
  if (wire?.version !== '1') return [`the fuse wire has version ${wire?.version}, not 1`];
  const problems = [];
  for (const [name, wanted] of Object.entries(REQUIRED_FUSES)) {
    const state = wire[FUSE_WIRE_INDEX[name]];
    if (state === undefined) problems.push(`${name}: the fuse wire is too short to hold it`);
    else if (state === REMOVED) problems.push(`${name}: this Electron removed the fuse`);
    else if (state !== (wanted ? ON : OFF)) problems.push(`${name} is ${state === ON ? 'on' : state === OFF ? 'off' : `0x${state.toString(16)}`} in the binary, not ${wanted ? 'on' : 'off'}`);
  }
  return problems;
}

/** The @electron/fuses config for electron-builder's `electronFuses` (the mapping electron-builder makes itself). */
export function flipConfig(fuses) {
  const config = { version: '1' };
  for (const [name, value] of Object.entries(fuses ?? {})) if (name in FUSE_WIRE_INDEX) config[FUSE_WIRE_INDEX[name]] = value;
  return config;
}

/**
 * A fuse wire laid out as Electron's, with Electron's default states (run-as-node, NODE_OPTIONS, --inspect and
 * file:// privileges on; the rest off), for a stub executable: electron-builder flips it like a real one.
 */
export function stubFuseWire() {
  const defaults = { ...Object.fromEntries(Object.keys(FUSE_WIRE_INDEX).map((name) => [name, false])), runAsNode: true, enableNodeOptionsEnvironmentVariable: true, enableNodeCliInspectArguments: true, grantFileProtocolExtraPrivileges: true };
  const states = Object.entries(FUSE_WIRE_INDEX).sort(([, a], [, b]) => a - b).map(([name]) => (defaults[name] ? ON : OFF));
  return Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, states.length]), Buffer.from(states)]);
}
