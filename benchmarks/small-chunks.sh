#!/usr/bin/env bash
# Quick small-chunk load (64 senders, 1,600 chunks of 64 KiB over 16 tasks, md5 on, default config otherwise) against
# the server built from the source tree given (default: this one). Not the benchmark: a check of the record path.
#   benchmarks/small-chunks.sh [source root]
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
work=$(mktemp -d /tmp/uploader-small.XXXXXX)
trap 'kill $server 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
dotnet publish "$root/src/Uploader.Api" -c Release -o "$work/app" --nologo -v quiet > "$work/publish.log"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/srv"
cat > "$work/srv/config.json" <<JSON
{ "port": "$port", "listen_address": "127.0.0.1", "enable_auth": false,
  "upload_dir": "./upload", "merged_dir": "./merged", "database": "./data/uploader.db", "log_level": "warning" }
JSON
(cd "$work/srv" && exec dotnet "$work/app/Uploader.Api.dll" --config "$work/srv/config.json" > "$work/server.log" 2>&1) &
server=$!
url="http://127.0.0.1:$port/go-uploader"
for _ in $(seq 1 150); do curl -sf "$url/health/live" >/dev/null && break; sleep 0.2; done
python3 "$(dirname "$0")/small_chunks.py" "$url" 64 1600 16
