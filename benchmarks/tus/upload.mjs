// One tus-js-client 4.3.1 upload of a file, timed; the same script for every tus server of the benchmark.
//   node upload.mjs ENDPOINT FILE [--chunk-mib N] [--input stream|buffer] [--header Name:Value ...]
//     --chunk-mib N   PATCH size in MiB; default: Infinity (the whole file in one PATCH, tus-js-client's default)
//     --input         stream (default): an fs.ReadStream of FILE (tus-js-client reads the file by its path);
//                     buffer: the whole file read into memory first (not timed)
//     --header        sent on every request (e.g. X-Secret-Key:KEY); repeatable
//     --parallel N    tus-js-client's parallelUploads: N partial uploads and a final one (concatenation)
// Metadata: { filename: basename(FILE) }. No retries (a failure is a failure of the run).
// Prints one JSON line: { url, bytes, elapsed_s, mb_s, patches, client_cpu_s } with MB = 10^6 bytes (client_cpu_s: this
// process's user + system time, start-up included); exits 1 on an error.
import fs from 'node:fs';
import path from 'node:path';
import tus from 'tus-js-client';

const args = process.argv.slice(2);
const positional = [];
const headers = {};
let chunkMib = Infinity;
let inputKind = 'stream';
let parallel = 1;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--chunk-mib') chunkMib = Number(args[++i]);
  else if (a === '--input') inputKind = args[++i];
  else if (a === '--parallel') parallel = Number(args[++i]);
  else if (a === '--header') {
    const h = args[++i];
    const colon = h.indexOf(':');
    headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
  } else positional.push(a);
}
const [endpoint, file] = positional;
if (!endpoint || !file || !(chunkMib > 0) || !(Number.isInteger(parallel) && parallel >= 1) || !['stream', 'buffer'].includes(inputKind)) {
  console.error('usage: node upload.mjs ENDPOINT FILE [--chunk-mib N] [--input stream|buffer] [--parallel N] [--header Name:Value ...]');
  process.exit(2);
}

const size = fs.statSync(file).size;
const input = inputKind === 'buffer' ? fs.readFileSync(file) : fs.createReadStream(file);
const chunkSize = Number.isFinite(chunkMib) ? Math.round(chunkMib * 1024 * 1024) : Infinity;
let patches = 0;

const started = process.hrtime.bigint();
const upload = new tus.Upload(input, {
  endpoint,
  headers,
  chunkSize,
  // tus-js-client refuses uploadSize beside parallelUploads; it takes the size from the file then.
  ...(parallel > 1 ? { parallelUploads: parallel } : { uploadSize: size }),
  metadata: { filename: path.basename(file) },
  retryDelays: null,
  storeFingerprintForResuming: false,
  removeFingerprintOnSuccess: false,
  onAfterResponse(req) {
    if (req.getMethod() === 'PATCH') patches++;
  },
  onSuccess() {
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({
      url: upload.url, bytes: size, elapsed_s: Number(elapsed.toFixed(3)),
      mb_s: Number((size / 1e6 / elapsed).toFixed(1)), patches,
      client_cpu_s: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    })}\n`);
    process.exit(0);
  },
  onError(error) {
    process.stdout.write(`${JSON.stringify({ error: String((error && error.message) || error) })}\n`);
    process.exit(1);
  },
});
upload.start();
