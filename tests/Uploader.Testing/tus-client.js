// Runs tus-js-client (installed by NodePackages) against a tus endpoint, the way an application uses it, and prints one
// JSON line per event for the test that started it.
// node tus-client.js MODULES ENDPOINT KEY FILE OPTIONS_JSON
//   options: { "uploadUrl": resume this upload, "abortAtBytes": abort once this many bytes are sent,
//              "chunkSize": PATCH size (default: the whole rest in one PATCH), "retryDelays": [ms, ...],
//              "bytesPerSecond": read the file as a stream at this rate (needs chunkSize),
//              "parallelUploads": partial uploads sent at once, then concatenated (tus concatenation) }
const path = require('path');
const fs = require('fs');

const [modules, endpoint, key, file, optionsJson] = process.argv.slice(2);
const tus = require(path.join(modules, 'tus-js-client'));
const options = JSON.parse(optionsJson || '{}');
const print = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

const content = fs.readFileSync(file);
let input = content;
if (options.bytesPerSecond) {
  const { Readable } = require('stream');
  const step = 1 << 20;
  let position = 0;
  input = new Readable({
    read() {
      setTimeout(() => {
        const end = Math.min(content.length, position + step);
        this.push(position < end ? content.subarray(position, end) : null);
        position = end;
      }, (1000 * step) / options.bytesPerSecond);
    },
  });
}

const upload = new tus.Upload(input, {
  // tus-js-client refuses uploadSize beside parallelUploads; it reads the size of a Buffer itself.
  uploadSize: options.parallelUploads ? undefined : content.length,
  endpoint,
  uploadUrl: options.uploadUrl || null,
  headers: { 'X-Secret-Key': key },
  metadata: { filename: path.basename(file) },
  chunkSize: options.chunkSize || Infinity,
  parallelUploads: options.parallelUploads || 1,
  retryDelays: options.retryDelays || [0, 500, 1000, 2000, 4000, 8000],
  storeFingerprintForResuming: false,
  onProgress(sent, total) {
    if (options.abortAtBytes && sent >= options.abortAtBytes && !upload.aborting) {
      upload.aborting = true;
      upload.abort(false).then(() => { print({ event: 'aborted', url: upload.url, sent }); process.exit(0); });
    }
  },
  onSuccess() {
    print({ event: 'success', url: upload.url });
    process.exit(0);
  },
  onError(error) {
    print({ event: 'error', message: String(error && error.message || error) });
    process.exit(1);
  },
});
upload.start();
