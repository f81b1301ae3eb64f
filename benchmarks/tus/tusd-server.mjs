// @tus/server with @tus/file-store, the reference of issue 14's tus benchmark.
//   node tusd-server.mjs PORT DIRECTORY      # tus endpoint at http://127.0.0.1:PORT/files/, files in DIRECTORY
// Each upload is one file DIRECTORY/<id> (the bytes, appended PATCH by PATCH) and DIRECTORY/<id>.json (its info).
// Prints one JSON line when it listens.
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

const [portArg, directory] = process.argv.slice(2);
const port = Number(portArg);
if (!Number.isInteger(port) || port <= 0 || !directory) {
  console.error('usage: node tusd-server.mjs PORT DIRECTORY');
  process.exit(2);
}

const server = new Server({
  path: '/files',
  datastore: new FileStore({ directory }),
});
const http = server.listen({ host: '127.0.0.1', port }, () => {
  process.stdout.write(`${JSON.stringify({ listening: `http://127.0.0.1:${port}/files/`, directory })}\n`);
});
// Node's http server closes a request after 300 s by default; a 1 GiB PATCH on a busy machine must not hit that.
http.requestTimeout = 0;
const stop = () => http.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
