// md5 as the web console computes it: one incremental hasher over the whole file plus a fresh hasher
// per slice (the chunk md5s), the file fed in slices of 8 MiB. Compares, in one process and one run:
//
//   node bench.mjs              hash-wasm createMD5(), spark-md5 SparkMD5.ArrayBuffer, node:crypto md5 (native)
//   node bench.mjs --browser    hash-wasm and spark-md5 in a Web Worker of Debian's Chromium (playwright-core,
//                               /usr/bin/chromium; nothing is downloaded), digests checked against node:crypto
//
// Options (argument or environment): --size-mib=N / SIZE_MIB (512), --slice-mib=N / SLICE_MIB (8),
// --runs=N / RUNS (3), --browser / BROWSER=1, CHROMIUM=/usr/bin/chromium.
// One untimed warm-up pass of every contender, then RUNS rounds (the contenders in turn within a round);
// the best round of each counts. The data are the same pseudo-random bytes in Node and in Chromium (xorshift32
// from a fixed seed), so the browser's digests can be checked against node:crypto. Exits 1 when any digest differs.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createMD5 } from 'hash-wasm';
import SparkMD5 from 'spark-md5';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name) => {
  const a = process.argv.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  if (!a) return undefined;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : '1';
};
const num = (name, env, dflt) => {
  const v = Number(arg(name) ?? process.env[env] ?? dflt);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} / ${env} must be a positive integer`);
  return v;
};
const SIZE_MIB = num('size-mib', 'SIZE_MIB', 512);
const SLICE_MIB = num('slice-mib', 'SLICE_MIB', 8);
const RUNS = num('runs', 'RUNS', 3);
const BROWSER = (arg('browser') ?? process.env.BROWSER ?? '0') !== '0';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const SIZE = SIZE_MIB * 1024 * 1024;
const SLICE = SLICE_MIB * 1024 * 1024;
const SEED = 0x9e3779b9;

// Same generator in the worker (its source is sent as text below).
function fillSlices(size, sliceSize, seed) {
  let x = seed >>> 0;
  const slices = [];
  for (let off = 0; off < size; off += sliceSize) {
    const len = Math.min(sliceSize, size - off);
    const ab = new ArrayBuffer(len); // a multiple of 4: sizes are whole MiB
    const w = new Uint32Array(ab);
    for (let i = 0; i < w.length; i++) {
      x ^= x << 13; x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5; x >>>= 0;
      w[i] = x;
    }
    slices.push(ab);
  }
  return slices;
}

// Each contender: slices (ArrayBuffers) -> { chunks: [hex], file: hex }, both md5s fed every slice in order.
async function hashWasm(slices) {
  const file = await createMD5();
  file.init();
  const chunks = [];
  for (const ab of slices) {
    const u8 = new Uint8Array(ab);
    const chunk = await createMD5();
    chunk.init();
    chunk.update(u8);
    chunks.push(chunk.digest('hex'));
    file.update(u8);
  }
  return { chunks, file: file.digest('hex') };
}

async function spark(slices) {
  const file = new SparkMD5.ArrayBuffer();
  const chunks = [];
  for (const ab of slices) {
    const chunk = new SparkMD5.ArrayBuffer();
    chunk.append(ab);
    chunks.push(chunk.end());
    file.append(ab);
  }
  return { chunks, file: file.end() };
}

async function native(slices) {
  const file = createHash('md5');
  const chunks = [];
  for (const ab of slices) {
    const b = Buffer.from(ab); // a view, no copy
    chunks.push(createHash('md5').update(b).digest('hex'));
    file.update(b);
  }
  return { chunks, file: file.digest('hex') };
}

const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);
const fmt = (x, d = 1) => x.toFixed(d);
const same = (a, b) => a.file === b.file && a.chunks.length === b.chunks.length && a.chunks.every((c, i) => c === b.chunks[i]);

function report(title, results, size) {
  // results: [{ name, times: [ms], digest }]
  console.log(`\n${title}`);
  console.log(`${SIZE_MIB} MiB in ${results[0].digest.chunks.length} slices of ${SLICE_MIB} MiB; every byte hashed twice (chunk md5 + file md5)`);
  console.log('contender                best       file MB/s   md5 MB/s (2 passes)   all runs');
  const best = {};
  for (const r of results) {
    const t = Math.min(...r.times);
    best[r.name] = t;
    console.log(
      `${r.name.padEnd(24)} ${(fmt(t / 1000, 3) + ' s').padStart(9)}   ${fmt(mbps(size, t)).padStart(9)}   ${fmt(mbps(2 * size, t)).padStart(9)}             ${r.times.map((x) => fmt(x / 1000, 3)).join(' / ')} s`,
    );
  }
  return best;
}

async function nodeBench() {
  const slices = fillSlices(SIZE, SLICE, SEED);
  const contenders = [
    { name: 'hash-wasm', fn: hashWasm },
    { name: 'spark-md5', fn: spark },
    { name: 'node:crypto (native)', fn: native },
  ];
  let ok = true;
  for (const c of contenders) {
    c.digest = await c.fn(slices); // warm-up, untimed
    c.times = [];
  }
  for (let run = 0; run < RUNS; run++) {
    for (const c of contenders) {
      const t0 = performance.now();
      const d = await c.fn(slices);
      c.times.push(performance.now() - t0);
      if (!same(d, c.digest)) { console.error(`${c.name}: digests changed between runs`); ok = false; }
    }
  }
  const ref = contenders[2].digest;
  for (const c of contenders) {
    if (!same(c.digest, ref)) { console.error(`DIGEST MISMATCH: ${c.name} file ${c.digest.file}, native ${ref.file}`); ok = false; }
  }
  const best = report(`Node ${process.version} (V8 ${process.versions.v8}, OpenSSL ${process.versions.openssl})`, contenders, SIZE);
  console.log(`file md5 ${ref.file}; ${ok ? 'all digests equal' : 'DIGESTS DIFFER'}`);
  console.log(`ratio hash-wasm / spark-md5 (MB/s): ${fmt(best['spark-md5'] / best['hash-wasm'], 2)}`);
  console.log(`ratio hash-wasm / native    (MB/s): ${fmt(best['node:crypto (native)'] / best['hash-wasm'], 2)}`);
  return ok;
}

// ---- Chromium: the same two JS contenders in a Web Worker ----

const workerSource = `
importScripts('/hash-wasm/md5.umd.min.js', '/spark-md5/spark-md5.min.js');
const { createMD5 } = self.hashwasm;
${fillSlices.toString()}
${hashWasm.toString()}
${spark.toString()}
self.onmessage = async (e) => {
  const { size, slice, seed, runs } = e.data;
  try {
    const slices = fillSlices(size, slice, seed);
    const contenders = [{ name: 'hash-wasm', fn: hashWasm }, { name: 'spark-md5', fn: spark }];
    for (const c of contenders) { c.digest = await c.fn(slices); c.times = []; c.stable = true; }
    for (let run = 0; run < runs; run++) {
      for (const c of contenders) {
        const t0 = performance.now();
        const d = await c.fn(slices);
        c.times.push(performance.now() - t0);
        if (d.file !== c.digest.file || d.chunks.join() !== c.digest.chunks.join()) c.stable = false;
      }
    }
    self.postMessage({ ok: true, contenders: contenders.map(({ name, digest, times, stable }) => ({ name, digest, times, stable })) });
  } catch (err) {
    self.postMessage({ ok: false, error: String(err && err.stack || err) });
  }
};
`;

const page = `<!doctype html><meta charset="utf-8"><title>console md5</title>
<script>
window.result = new Promise((resolve) => {
  const w = new Worker('/worker.js');
  w.onmessage = (e) => resolve(e.data);
  w.onerror = (e) => resolve({ ok: false, error: 'worker error: ' + e.message });
  w.postMessage({ size: ${SIZE}, slice: ${SLICE}, seed: ${SEED}, runs: ${RUNS} });
});
</script>`;

async function browserBench() {
  const { chromium } = await import('playwright-core');
  const files = {
    '/': ['text/html', page],
    '/worker.js': ['text/javascript', workerSource],
    '/hash-wasm/md5.umd.min.js': ['text/javascript', readFileSync(join(here, 'node_modules/hash-wasm/dist/md5.umd.min.js'))],
    '/spark-md5/spark-md5.min.js': ['text/javascript', readFileSync(join(here, 'node_modules/spark-md5/spark-md5.min.js'))],
  };
  const server = createServer((req, res) => {
    const f = files[req.url];
    if (!f) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': f[0], 'cache-control': 'no-store' }).end(f[1]);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;

  // Reference digests from node:crypto over the same bytes (generated the same way), then the memory is freed.
  const ref = await native(fillSlices(SIZE, SLICE, SEED));

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  let ok = true;
  try {
    const version = browser.version();
    const p = await browser.newPage();
    p.on('pageerror', (e) => console.error('page error:', e.message));
    await p.goto(url);
    const r = await p.evaluate(() => window.result);
    if (!r.ok) throw new Error(r.error);
    for (const c of r.contenders) {
      if (!c.stable) { console.error(`${c.name}: digests changed between runs`); ok = false; }
      if (!same(c.digest, ref)) { console.error(`DIGEST MISMATCH (Chromium): ${c.name} file ${c.digest.file}, native ${ref.file}`); ok = false; }
    }
    const best = report(`Chromium ${version}, Web Worker (playwright-core, ${CHROMIUM})`, r.contenders, SIZE);
    console.log(`file md5 ${ref.file}; ${ok ? 'all digests equal to node:crypto' : 'DIGESTS DIFFER'}`);
    console.log(`ratio hash-wasm / spark-md5 (MB/s): ${fmt(best['spark-md5'] / best['hash-wasm'], 2)}`);
  } finally {
    await browser.close();
    server.close();
  }
  return ok;
}

console.log(`${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const ok = BROWSER ? await browserBench() : await nodeBench();
console.log(`load average after ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
process.exit(ok ? 0 : 1);
