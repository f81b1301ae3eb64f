#!/usr/bin/env bash
# md5 of the web console (hash-wasm 4.13.0) against spark-md5 3.0.2 and node:crypto, as ratios in one run:
# first in Node, then in a Web Worker of Debian's Chromium (playwright-core 1.64.1, /usr/bin/chromium).
#
#   bash benchmarks/console-md5/run.sh                 # 512 MiB in 8 MiB slices, best of 3
#   SIZE_MIB=128 bash benchmarks/console-md5/run.sh    # a quick look
#   BROWSER=0 bash benchmarks/console-md5/run.sh       # Node only
#
# Environment (all optional): SIZE_MIB=512, SLICE_MIB=8, RUNS=3, BROWSER=1 (0 skips Chromium),
# CHROMIUM=/usr/bin/chromium. Needs node >= 20 and npm; installs the pinned packages with `npm ci` when
# node_modules is missing (nothing else is downloaded: playwright-core drives the system Chromium, `apt-get
# install chromium` if it is missing). Exits non-zero if any digest differs.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi

browser=${BROWSER:-1}
unset BROWSER
node bench.mjs
if [ "$browser" != 0 ]; then
  if [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    node bench.mjs --browser
  else
    echo "no ${CHROMIUM:-/usr/bin/chromium}: Chromium part skipped (apt-get install -y chromium)" >&2
  fi
fi
