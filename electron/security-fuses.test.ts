// The packaged app's Electron fuses: electron-builder.yml asks for every required one, and a fuse wire laid out as
// Electron's comes out of @electron/fuses (what electron-builder runs) flipped exactly so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builderFuses, flipConfig, fuseConfigProblems, fuseWireProblems, REQUIRED_FUSES, stubFuseWire } from '../scripts/security-fuses.mjs';

const require = createRequire(import.meta.url);
const fusesLib = createRequire(require.resolve('app-builder-lib/package.json'))('@electron/fuses') as {
  flipFuses(path: string, config: Record<string, unknown>): Promise<number>;
  getCurrentFuseWire(path: string): Promise<{ version: string; [index: number]: number }>;
};

test('electron-builder.yml sets every fuse the app requires', () => {
  const fuses = builderFuses();
  assert.deepEqual(fuseConfigProblems(fuses), []);
  assert.deepEqual(fuses, { ...REQUIRED_FUSES });
  assert.equal(REQUIRED_FUSES.runAsNode, false);
  assert.equal(REQUIRED_FUSES.enableNodeOptionsEnvironmentVariable, false);
  assert.equal(REQUIRED_FUSES.enableNodeCliInspectArguments, false);
  assert.equal(REQUIRED_FUSES.onlyLoadAppFromAsar, true);
  assert.equal(REQUIRED_FUSES.enableEmbeddedAsarIntegrityValidation, true);
  assert.equal(REQUIRED_FUSES.grantFileProtocolExtraPrivileges, false);
});

test('a missing, wrong or unknown fuse setting is named', () => {
  const yml = readFileSync(join(import.meta.dirname, '..', 'electron-builder.yml'), 'utf8');
  assert.deepEqual(fuseConfigProblems(builderFuses(yml.replace(/^electronFuses:\n(  .*\n)+/m, ''))), ['electron-builder.yml has no electronFuses section']);
  assert.deepEqual(fuseConfigProblems({ ...REQUIRED_FUSES, runAsNode: true }), ['electronFuses.runAsNode must be false, not true']);
  const { onlyLoadAppFromAsar: _dropped, ...rest } = REQUIRED_FUSES;
  assert.deepEqual(fuseConfigProblems(rest), ['electronFuses.onlyLoadAppFromAsar must be true, not unset']);
  assert.deepEqual(fuseConfigProblems({ ...REQUIRED_FUSES, enableWasmTrapHandlers: true }), ['electronFuses.enableWasmTrapHandlers is not a fuse this check knows; add it to REQUIRED_FUSES with its reason']);
});

test("the yml's settings flip a fuse wire laid out as Electron's into exactly the required states", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-fuses-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const binary = join(dir, 'electron');
  writeFileSync(binary, Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n# '), stubFuseWire(), Buffer.from('\n')]));
  // Electron's defaults are not what the app requires: the check sees that.
  assert.deepEqual(fuseWireProblems(await fusesLib.getCurrentFuseWire(binary)), [
    'runAsNode is on in the binary, not off',
    'enableCookieEncryption is off in the binary, not on',
    'enableNodeOptionsEnvironmentVariable is on in the binary, not off',
    'enableNodeCliInspectArguments is on in the binary, not off',
    'enableEmbeddedAsarIntegrityValidation is off in the binary, not on',
    'onlyLoadAppFromAsar is off in the binary, not on',
    'grantFileProtocolExtraPrivileges is on in the binary, not off',
  ]);
  // What electron-builder does with electronFuses (app-builder-lib platformPackager generateFuseConfig), and what
  // check:packaging does to a copy of the real binary.
  const config = flipConfig(builderFuses());
  assert.deepEqual(config, { version: '1', 0: false, 1: true, 2: false, 3: false, 4: true, 5: true, 6: false, 7: false });
  const { PlatformPackager } = require('app-builder-lib') as { PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> } } };
  const builders = await PlatformPackager.prototype.generateFuseConfig.call(null, builderFuses());
  assert.deepEqual(JSON.parse(JSON.stringify(builders)), config, "electron-builder's own mapping is the same");
  await fusesLib.flipFuses(binary, builders);
  assert.deepEqual(fuseWireProblems(await fusesLib.getCurrentFuseWire(binary)), []);
  assert.match(readFileSync(binary, 'latin1'), /^#!\/bin\/sh\nexit 0\n/, 'only the wire changed');
});

test('a removed fuse, a short wire or another wire version is reported', () => {
  const wire = (states: string) => Object.assign({ version: '1' }, [...states].map((c) => c.charCodeAt(0)));
  assert.deepEqual(fuseWireProblems(wire('01001100')), []);
  assert.deepEqual(fuseWireProblems(wire('r1001100')), ['runAsNode: this Electron removed the fuse']);
  assert.deepEqual(fuseWireProblems(wire('0100110')), ['grantFileProtocolExtraPrivileges: the fuse wire is too short to hold it']);
  assert.deepEqual(fuseWireProblems({ version: '2' }), ['the fuse wire has version 2, not 1']);
});
