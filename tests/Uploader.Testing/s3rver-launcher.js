'use strict';

// Started by S3rverServer.cs: runs s3rver on 127.0.0.1 on a port the OS picks and prints that port. It lives only
// while its parent holds its stdin open, so when the test process ends in any way (SIGKILL included, where no
// Dispose runs) the pipe closes and this process removes its data directory and exits: no s3rver outlives a run.
const fs = require('fs');
const path = require('path');

const [modules, directory] = process.argv.slice(2);
const S3rver = require(path.join(modules, 's3rver'));

function stop(code) {
  fs.rmSync(directory, { recursive: true, force: true });
  process.exit(code);
}

process.stdin.on('end', () => stop(0));
process.stdin.on('error', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
process.stdin.resume();

new S3rver({ address: '127.0.0.1', port: 0, directory, silent: false })
  .run()
  .then(({ port }) => console.log(`s3rver-launcher: listening on port ${port}`))
  .catch(err => {
    console.error(err);
    stop(1);
  });
