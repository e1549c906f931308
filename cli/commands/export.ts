// gradflow export FILE --to numpy|pytorch [-o OUT] [--with-data] — write the model as a standalone NumPy
// script or a PyTorch nn.Module + training script, with its weights (trained ones if the file has them, else
// the ones a run would start from). core/export generates the files; this command only checks where they go
// and writes them (each atomically). --with-data adds the document's prepared data as <name>.data.npz.

import { basename, join, resolve } from 'node:path';
import { dataFile, EXPORT_TARGETS, ExportError, exportDocument, fileStem, type ExportFile, type ExportTarget } from '../../core/export/index.ts';
import { flag } from '../args.ts';
import { defineCommand, Output } from '../context.ts';
import { DATA_FLAGS, dataOverrides, LIMIT_FLAG } from '../data-flags.ts';
import { openDocument, prepare } from '../document.ts';
import { CliError, UsageError } from '../errors.ts';
import { formatBytes } from '../host.ts';

const { data, target, labels } = DATA_FLAGS;

export const exportCommand = defineCommand({
  spec: {
    name: 'export',
    summary: 'write the model as a standalone NumPy script or a PyTorch module and training script, with its weights',
    positionals: [{ name: 'FILE', help: 'the .gradflow document to export', required: true }],
    usage: 'FILE --to numpy|pytorch [-o OUT]',
    short: { o: 'out' },
    flags: {
      to: flag.string('numpy|pytorch', 'numpy: a readable numpy-only script (forward, backward, training loop); pytorch: an nn.Module and training script'),
      out: flag.string('OUT', 'the folder to write into (default: the current folder); also -o OUT'),
      'with-data': flag.bool('also write NAME.data.npz: the document\'s data, split, scaled and encoded as Gradflow feeds the model'),
      data, target, labels, ...LIMIT_FLAG,
    },
    notes: [
      'Files are named after FILE: NAME.py (numpy) or NAME_pytorch.py (pytorch), and NAME.weights.npz — the trained',
      'weights if FILE has them, else the ones a run would start from (drawn from the seed). The numpy script is',
      'checked against Gradflow by the test suite; the pytorch one is compiled and golden-pinned, not run.',
    ],
  },
  async run(ctx, { flags, positionals }) {
    const out = new Output(ctx, false);
    if (flags.to === undefined) throw new UsageError(`missing --to ${EXPORT_TARGETS.join('|')}`);
    if (!(EXPORT_TARGETS as readonly string[]).includes(flags.to)) {
      throw new UsageError(`--to must be ${EXPORT_TARGETS.join(' or ')}, got "${flags.to}"`);
    }
    const to = flags.to as ExportTarget;
    const opened = openDocument(ctx, positionals[0]!);
    for (const warning of opened.warnings) out.warn(`${opened.path}: ${warning}`);
    const stem = fileStem(basename(opened.path));
    let files: ExportFile[];
    try {
      files = exportDocument(opened.doc, to, stem);
    } catch (error) {
      if (error instanceof ExportError) throw new CliError(`cannot export ${opened.path}: ${error.message}`);
      throw error;
    }
    if (flags['with-data']) {
      const overrides = dataOverrides(flags, ctx.cwd, opened.doc.data);
      const prepared = await prepare(ctx, opened, overrides.overrides, overrides.paths);
      for (const line of prepared.report) out.info(line);
      files.push(dataFile(stem, prepared.run.data));
    } else if (flags.data !== undefined || flags.limit !== undefined) {
      throw new UsageError('--data and --limit choose the rows of --with-data; add --with-data');
    }
    const folder = resolve(ctx.cwd, flags.out ?? '.');
    let isFolder = false;
    try {
      isFolder = ctx.host.files.statSync(folder).isDirectory();
    } catch {
      throw new CliError(`cannot write to ${folder}: the folder does not exist`);
    }
    if (!isFolder) throw new CliError(`cannot write to ${folder}: it is not a folder (-o names the folder to write into)`);
    // Check every destination before writing any, so a bad folder leaves nothing half-written.
    const targets = files.map((file) => ({ file, path: join(folder, file.name) }));
    for (const { path } of targets) ctx.host.saveTarget(path);
    for (const { file, path } of targets) {
      ctx.host.saveAtomically(path, file.contents);
      const size = typeof file.contents === 'string' ? new TextEncoder().encode(file.contents).length : file.contents.length;
      out.info(`wrote ${path} (${formatBytes(size)}): ${file.description}`);
    }
    const script = targets[0]!.path;
    out.info(to === 'numpy'
      ? `run it: python3 ${script} --data ${flags['with-data'] ? join(folder, `${stem}.data.npz`) : 'DATA.npz'}  (needs numpy)`
      : `run it where PyTorch is installed: python3 ${script} --data ${flags['with-data'] ? join(folder, `${stem}.data.npz`) : 'DATA.npz'}`);
    return 0;
  },
});
