// md5 off the page's thread: hash-wasm's WebAssembly md5 (vendor/, installed by the build from package-lock.json).
// "file" hashes a file front to back once, posting each chunk's md5 as it is known and the whole file's at the end;
// "one" hashes one blob (the page's same-file check on resume). Bytes are read in 4 MiB slices whatever the chunk
// size, so a 100 MiB chunk never sits in memory at once.
importScripts('../vendor/md5.umd.min.js');

const sliceBytes = 4 * 1024 * 1024;
const cancelled = new Set();

async function hashRange(blob, start, end, hashers) {
  for (let offset = start; offset < end; offset += sliceBytes) {
    const bytes = new Uint8Array(await blob.slice(offset, Math.min(end, offset + sliceBytes)).arrayBuffer());
    for (const hasher of hashers) hasher.update(bytes);
  }
}

async function hashFile({ id, file, chunkSize, totalChunks }) {
  const whole = await self.hashwasm.createMD5();
  const chunk = await self.hashwasm.createMD5();
  whole.init();
  for (let index = 0; index < totalChunks; index += 1) {
    if (cancelled.delete(id)) return;
    chunk.init();
    const start = index * chunkSize;
    await hashRange(file, start, Math.min(file.size, start + chunkSize), [whole, chunk]);
    self.postMessage({ type: 'chunk', id, index, md5: chunk.digest('hex') });
  }
  self.postMessage({ type: 'file', id, md5: whole.digest('hex') });
}

async function hashOne({ id, blob }) {
  const hasher = await self.hashwasm.createMD5();
  hasher.init();
  await hashRange(blob, 0, blob.size, [hasher]);
  self.postMessage({ type: 'one', id, md5: hasher.digest('hex') });
}

self.onmessage = async ({ data }) => {
  try {
    if (data.type === 'cancel') cancelled.add(data.id);
    else if (data.type === 'file') await hashFile(data);
    else if (data.type === 'one') await hashOne(data);
  } catch (error) {
    self.postMessage({ type: 'error', id: data.id, message: String(error?.message || error) });
  }
};
