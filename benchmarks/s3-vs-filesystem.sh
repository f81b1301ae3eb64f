#!/usr/bin/env bash
# One file uploaded and merged with storage "filesystem" and with storage "s3" (s3rver on loopback), in one run:
# upload time, merge time (the server's merge_time_ms), their ratios, the bytes that crossed the loopback interface
# during each merge (what the merge moves over the network), and the server's peak RSS.
#
#   benchmarks/s3-vs-filesystem.sh               # 1 GiB in 8 MiB chunks, 4 at a time
#   SIZE_MIB=256 benchmarks/s3-vs-filesystem.sh  # a quick look
#
# Environment (all optional): SIZE_MIB=1024, CHUNK_MIB=8, PARALLEL=4, PUBLISH_DIR=..., KEEP=1, REPORT=FILE.
# Needs node and npm (s3rver 3.7.1 is installed into the work folder from npm, as the tests do into their cache).
# Loopback bytes are read from /proc/net/dev ("lo", received side); nothing else should use loopback meanwhile.
set -euo pipefail

SIZE_MIB=${SIZE_MIB:-1024}
CHUNK_MIB=${CHUNK_MIB:-8}
PARALLEL=${PARALLEL:-4}
root=$(cd "$(dirname "$0")/.." && pwd)

# shellcheck source=harness.sh
. "$root/benchmarks/harness.sh"

work=$(mktemp -d /tmp/uploader-s3-bench.XXXXXX)
server=""; s3=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "$s3" ] && kill "$s3" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
results="$work/results.tsv"
: > "$results"

publish_server "$work"

log "installing s3rver 3.7.1 from npm"
(cd "$work" && npm install --silent --no-audit --no-fund --prefix "$work/s3rver" s3rver@3.7.1 >/dev/null)
mkfifo "$work/s3.stdin"
sleep infinity > "$work/s3.stdin" &
holder=$!
node --openssl-legacy-provider "$root/tests/Uploader.Testing/s3rver-launcher.js" "$work/s3rver/node_modules" "$work/s3data" \
  < "$work/s3.stdin" > "$work/s3.log" 2>&1 &
s3=$!
for _ in $(seq 1 100); do grep -q "listening on port" "$work/s3.log" 2>/dev/null && break; sleep 0.1; done
s3port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$work/s3.log" | head -1)
[ -n "$s3port" ] || { cat "$work/s3.log" >&2; exit 1; }
curl -sf -X PUT "http://127.0.0.1:$s3port/bench" >/dev/null

size=$((SIZE_MIB * 1024 * 1024))
chunk=$((CHUNK_MIB * 1024 * 1024))
total=$(( (size + chunk - 1) / chunk ))
log "making a ${SIZE_MIB} MiB source file in ${total} chunks of ${CHUNK_MIB} MiB"
head -c "$size" /dev/urandom > "$work/source.bin"
split -b "$chunk" -d -a 5 "$work/source.bin" "$work/part."
source_md5=$(md5sum "$work/source.bin" | cut -d' ' -f1)

lo_rx() { awk '$1 == "lo:" { print $2 }' /proc/net/dev; }

run() { # run NAME EXTRA_CONFIG
  local name=$1 extra=$2 port key dir url
  port=$(free_port)
  key=bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  dir="$work/$name"
  mkdir -p "$dir"
  cat > "$dir/config.json" <<JSON
{ "port": "$port", "listen_address": "127.0.0.1", "enable_auth": true, "secret_key": "$key",
  "upload_dir": "./upload", "merged_dir": "./merged", "database": "./data/uploader.db", "log_level": "warn",
  "max_file_size": $((size * 2)), "max_chunk_size": $((chunk * 2)), "max_chunks": 100000,
  "min_free_disk_bytes": 0 $extra }
JSON
  dotnet "$app/Uploader.Api.dll" --config "$dir/config.json" > "$dir/server.log" 2>&1 &
  server=$!
  url="http://127.0.0.1:$port/go-uploader"
  for _ in $(seq 1 300); do curl -sf "$url/health/live" >/dev/null && break; sleep 0.2; done

  id="bench-$name"
  local start
  start=$(now)
  export key id total size url
  find "$work" -maxdepth 1 -name 'part.*' | sort | awk '{ print NR - 1, $0 }' |
    xargs -P "$PARALLEL" -L 1 bash -c 'curl -sf -o /dev/null -H "X-Secret-Key: $key" \
      -F file_id="$id" -F chunk_index="$0" -F total_chunks="$total" -F file_size="$size" -F filename=bench.bin \
      -F chunk=@"$1" "$url/upload_chunk"'
  put "$name.upload_s" "$(since "$start")"
  local rx_before answer
  rx_before=$(lo_rx)
  answer=$(curl -sf -X POST -H "X-Secret-Key: $key" -H "Content-Type: application/json" \
    -d "{\"file_id\":\"$id\",\"total_chunks\":$total,\"expected_md5\":\"$source_md5\"}" "$url/merge_chunks")
  put "$name.merge_lo_bytes" "$(( $(lo_rx) - rx_before ))"
  put "$name.merge_ms" "$(printf '%s' "$answer" | sed -n 's/.*"merge_time_ms":\([0-9]*\).*/\1/p')"
  put "$name.md5" "$(printf '%s' "$answer" | sed -n 's/.*"md5":"\([0-9a-f]*\)".*/\1/p')"
  put "$name.peak_rss_kib" "$(awk '/VmHWM/ { print $2 }' "/proc/$server/status")"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

run filesystem ""
run s3 ", \"storage\": \"s3\", \"s3_endpoint\": \"http://127.0.0.1:$s3port\", \"s3_bucket\": \"bench\", \"s3_force_path_style\": true, \"s3_access_key\": \"S3RVER\", \"s3_secret_key\": \"S3RVER\""
kill "$holder" 2>/dev/null || true

for name in filesystem s3; do
  [ "$(get "$name.md5")" = "$source_md5" ] || { log "$name: merged md5 $(get "$name.md5") is not the source's $source_md5"; exit 1; }
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
report=$(cat <<MD
| ${SIZE_MIB} MiB, ${CHUNK_MIB} MiB chunks, ${PARALLEL} at a time | filesystem | s3 (s3rver) | s3 / filesystem |
|---|---|---|---|
| upload (s) | $(get filesystem.upload_s) | $(get s3.upload_s) | $(ratio "$(get s3.upload_s)" "$(get filesystem.upload_s)")× |
| merge (merge_time_ms) | $(get filesystem.merge_ms) | $(get s3.merge_ms) | $(ratio "$(get s3.merge_ms)" "$(get filesystem.merge_ms)")× |
| loopback bytes during the merge / file size | $(ratio "$(get filesystem.merge_lo_bytes)" "$size") | $(ratio "$(get s3.merge_lo_bytes)" "$size") | |
| server peak RSS (MiB) | $(( $(get filesystem.peak_rss_kib) / 1024 )) | $(( $(get s3.peak_rss_kib) / 1024 )) | |
MD
)
printf '%s\n' "$report"
[ -n "${REPORT:-}" ] && printf '%s\n' "$report" > "$REPORT"
