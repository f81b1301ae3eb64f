#!/usr/bin/env bash
# Memory and speed of GET /go-uploader/files/{file_id}: does the server's RSS stay flat while it streams a large file?
#
#   benchmarks/download.sh                  # a 4 GiB merged file
#   SIZE_GIB=1 benchmarks/download.sh
#
# Environment (all optional):
#   SIZE_GIB=4         size of the merged file served
#   PUBLISH_DIR=...    use an already published server instead of publishing one
#   KEEP=1             keep the work folder (/tmp/uploader-download.*) for inspection
#   REPORT=FILE        also write the Markdown report to FILE
#
# The file is made without uploading gigabytes: one real task of 1 MiB is uploaded and merged, then its merged file is
# extended to SIZE_GIB with `truncate` (sparse: the rest reads as zeros from the page cache, so the disk is not what is
# measured) and the task's row is pointed at it (file_size, file_md5, merged_file_identity from statx, exactly as a
# merge records them), so the server checks and serves it like any merged file. Then, with the server's peak RSS
# reset before each: the whole file to /dev/null (the first time this process streams that much), the whole file
# again through md5sum (checked against the file's md5), and the second half by a Range request. RSS is sampled every
# 100 ms during each download (VmRSS) and read as the peak (VmHWM, reset needs root). The reference is
# `cat FILE > /dev/null` on the same file.
set -euo pipefail

SIZE_GIB=${SIZE_GIB:-4}
root=$(cd "$(dirname "$0")/.." && pwd)
size=$((SIZE_GIB * 1024 * 1024 * 1024))

# shellcheck source=harness.sh
. "$root/benchmarks/harness.sh"

need=()
command -v curl >/dev/null || need+=(curl)
command -v sqlite3 >/dev/null || need+=(sqlite3)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/uploader-download.XXXXXX)
server=""; sampler=""
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
results="$work/results.tsv"
: > "$results"

publish_server "$work"

port=$(free_port)
key=bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
mkdir -p "$work/srv"
cat > "$work/srv/config.json" <<JSON
{ "port": "$port", "listen_address": "127.0.0.1", "enable_auth": true, "secret_key": "$key",
  "upload_dir": "./upload", "merged_dir": "./merged", "database": "./data/uploader.db",
  "log_level": "warn", "max_file_size": $((size > 1073741824 ? size : 1073741824)), "min_free_disk_bytes": 0 }
JSON
url="http://127.0.0.1:$port/go-uploader"
dotnet "$app/Uploader.Api.dll" --config "$work/srv/config.json" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do curl -sf "$url/health/live" >/dev/null && break; sleep 0.2; done
curl -sf "$url/health/live" >/dev/null || { cat "$work/server.log" >&2; exit 1; }
kb() { awk -v f="$1" '$1 == f":" { print $2 }' "/proc/$server/status"; }
reset_peak() { echo 5 > "/proc/$server/clear_refs" 2>/dev/null || true; }   # VmHWM := VmRSS (root only)
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
log "server pid $server on $url"

# --- the merged file ---------------------------------------------------------------------------------------------
head -c $((1024 * 1024)) /dev/urandom > "$work/head.bin"
curl -sS --fail-with-body -o /dev/null -H "X-Secret-Key: $key" -F file_id=big -F chunk_index=0 -F total_chunks=1 \
  -F file_size=$((1024 * 1024)) -F relative_path=bench/big.bin -F chunk=@"$work/head.bin" "$url/upload_chunk"
curl -sS --fail-with-body -o /dev/null -H "X-Secret-Key: $key" -d file_id=big "$url/merge_chunks"
merged="$work/srv/merged/bench/big.bin"
truncate -s "$size" "$merged"
log "md5 of the ${SIZE_GIB} GiB file"
md5=$(md5sum "$merged" | cut -c1-32)
identity="$(stat -c %i "$merged"):$(stat -c %s "$merged"):$(stat -c %.9Y "$merged")"
sqlite3 "$work/srv/data/uploader.db" \
  "UPDATE upload_tasks SET file_size = $size, file_md5 = '$md5', merged_file_identity = '$identity' WHERE file_id = 'big';"
curl -sS -I -H "X-Secret-Key: $key" "$url/files/big" > "$work/head.txt"
grep -q '^HTTP/1.1 200' "$work/head.txt" || { cat "$work/head.txt" >&2; exit 1; }

# Warm-up, not measured: the download path compiled to its final tier (30 calls), as in a long-running server.
for _ in $(seq 1 40); do curl -sS -o /dev/null -H "X-Secret-Key: $key" -H 'Range: bytes=0-1048575' "$url/files/big"; done
sleep 2

start=$(now); cat "$merged" > /dev/null; put cat_s "$(since "$start")"

sample() {  # $1: name; samples VmRSS every 100 ms into $work/$1.rss until killed
  while :; do kb VmRSS >> "$work/$1.rss"; sleep 0.1; done
}
download() {  # $1: name, then curl arguments; output goes where the arguments say
  local name=$1; shift
  put "${name}_rss_before_kib" "$(kb VmRSS)"; reset_peak
  sample "$name" & sampler=$!
  local start; start=$(now)
  curl -sS --fail -H "X-Secret-Key: $key" -w '%{http_code} %{size_download}\n' "$@" "$url/files/big" > "$work/$name.out"
  put "${name}_s" "$(since "$start")"
  kill "$sampler"; wait "$sampler" 2>/dev/null || true; sampler=""
  put "${name}_rss_max_sampled_kib" "$(sort -n "$work/$name.rss" | tail -1)"
  put "${name}_hwm_kib" "$(kb VmHWM)"
  put "${name}_rss_after_kib" "$(kb VmRSS)"
  put "${name}_answer" "$(tail -1 "$work/$name.out")"
}

log "whole file to /dev/null"
download whole -o /dev/null
log "whole file again, through md5sum"
download again -o >(md5sum | cut -c1-32 > "$work/again.md5")
sleep 1
[ "$(cat "$work/again.md5")" = "$md5" ] && put md5_ok yes || put md5_ok no
log "second half by Range"
download range -o /dev/null -H "Range: bytes=$((size / 2))-"

# --- report ------------------------------------------------------------------------------------------------------
mibs() { awk -v g="$SIZE_GIB" -v f="$2" -v s="$1" 'BEGIN { if (s > 0) printf "%.0f", g * 1024 * f / s; else print "–" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "–" }'; }
row() {  # $1: name, $2: label, $3: share of the file sent
  local before peak sampled after
  before=$(get "${1}_rss_before_kib"); peak=$(get "${1}_hwm_kib"); sampled=$(get "${1}_rss_max_sampled_kib"); after=$(get "${1}_rss_after_kib")
  printf '| %s | %s | %s s (%s MiB/s) | %s MiB | %s MiB | %s MiB | %s MiB | %s | %s |\n' "$2" "$(get "${1}_answer")" \
    "$(get "${1}_s")" "$(mibs "$(get "${1}_s")" "$3")" "$(mib "$before")" "$(mib "$sampled")" "$(mib "$peak")" "$(mib "$after")" \
    "$(ratio "$peak" "$before")" "$(awk -v p="$peak" -v b="$before" -v g="$SIZE_GIB" -v f="$3" 'BEGIN { printf "%.1f", (p - b) / 1024 / (g * f) }')"
}
{
  echo "Uploader download benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo '+changes')"
  echo "A ${SIZE_GIB} GiB merged file (1 MiB of random bytes, the rest sparse), served to curl on 127.0.0.1. \`cat\` of the file: $(get cat_s) s ($(mibs "$(get cat_s)" 1) MiB/s)."
  echo
  echo "| download | answer (status, bytes) | time | RSS before | max sampled RSS | peak RSS (VmHWM) | RSS after | peak / before | MiB of peak growth per GiB sent |"
  echo "|---|---|---|---|---|---|---|---|---|"
  row whole "whole file, first time" 1
  row again "whole file again, through md5sum" 1
  row range "second half (Range)" 0.5
  echo
  echo "md5 of the second download matches the file's: $(get md5_ok)."
} > "$work/report.md"
cat "$work/report.md"
[ -n "${REPORT:-}" ] && cp "$work/report.md" "$REPORT"
exit 0
