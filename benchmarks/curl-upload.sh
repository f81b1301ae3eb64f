#!/usr/bin/env bash
# Uploads a generated file in chunks from parallel curl clients to the published server, merges it,
# and reports ingest time, merge time and the server's peak RSS (VmHWM).
#   benchmarks/curl-upload.sh [size_mib=1024] [chunk_mib=8] [parallel=4]
set -euo pipefail
size_mib=${1:-1024}; chunk_mib=${2:-8}; parallel=${3:-4}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/uploader-bench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
key=bench-$RANDOM$RANDOM
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet publish "$root/src/Uploader.Api" -c Release -o "$work/app" --nologo -v quiet >/dev/null
cat > "$work/config.json" <<JSON
{ "port": "$port", "listen_address": "127.0.0.1", "secret_key": "$key", "log_level": "warn",
  "max_file_size": $((size_mib * 1024 * 1024)), "max_chunk_size": $((chunk_mib * 1024 * 1024)) }
JSON
head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$work/source.bin"
md5=$(md5sum "$work/source.bin" | cut -c1-32)
mkdir "$work/parts" && split -b "${chunk_mib}M" -d -a 5 "$work/source.bin" "$work/parts/p."
total=$(ls "$work/parts" | wc -l)

dotnet "$work/app/Uploader.Api.dll" --config "$work/config.json" > "$work/server.log" 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/go-uploader/health/live" >/dev/null; do sleep 0.2; done
rss_start=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")

export key port total size_mib chunk_mib
send() {
  local i=$((10#${1##*.}))
  curl -sf -o /dev/null -H "X-Secret-Key: $key" -F file_id=bench -F chunk_index=$i -F total_chunks=$total \
    -F file_size=$((size_mib * 1024 * 1024)) -F chunk_size=$((chunk_mib * 1024 * 1024)) \
    -F relative_path=bench/source.bin -F "chunk=@$1" "http://127.0.0.1:$port/go-uploader/upload_chunk"
}
export -f send
start=$(date +%s.%N)
ls "$work"/parts/p.* | xargs -P "$parallel" -I{} bash -c 'send {}'
ingest=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
answer=$(curl -sf -H "X-Secret-Key: $key" -d file_id=bench -d "expected_md5=$md5" "http://127.0.0.1:$port/go-uploader/merge_chunks")
merge=$(echo "$(date +%s.%N) - $start" | bc)
merged_md5=$(md5sum "$work/merged/bench/source.bin" | cut -c1-32)
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")

printf 'file %d MiB in %d chunks of %d MiB, %d parallel curl clients\n' "$size_mib" "$total" "$chunk_mib" "$parallel"
printf 'ingest   %.1f s (%.0f MiB/s)\n' "$ingest" "$(echo "$size_mib / $ingest" | bc -l)"
printf 'merge    %.1f s (%s)\n' "$merge" "$answer"
printf 'md5      source %s, merged %s\n' "$md5" "$merged_md5"
printf 'rss      %d MiB at start, peak %d MiB\n' $((rss_start / 1024)) $((hwm / 1024))
[ "$md5" = "$merged_md5" ]
