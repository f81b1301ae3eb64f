#!/usr/bin/env bash
# Where the server's CPU goes while it ingests: `perf` samples of the server process (kernel included, JIT-compiled
# .NET code named through DOTNET_PerfMapEnabled, with W^X off so that perf can read the code's map) during an upload from parallel curl streams, split into the
# path's stages by symbol; plus `dotnet-counters` (CPU, GC, allocation) and a `dotnet-trace` CPU sample of the same
# phase for the .NET view.
#
#   sudo bash benchmarks/profile.sh                 # 512 MiB in 8 MiB chunks, 4 streams
#   SIZE_MIB=256 CHUNK_MIB=64 PUBLISH_DIR=/tmp/app bash benchmarks/profile.sh
#
# Environment: SIZE_MIB=512 CHUNK_MIB=8 PARALLEL=4 PUBLISH_DIR KEEP=1 REPORT=FILE. Needs root for perf (installs
# Debian's linux-perf when missing).
set -euo pipefail
SIZE_MIB=${SIZE_MIB:-512}
CHUNK_MIB=${CHUNK_MIB:-8}
PARALLEL=${PARALLEL:-4}
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=harness.sh
. "$root/benchmarks/harness.sh"
if ! command -v perf >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive; apt-get update -qq >/dev/null; apt-get install -y -qq linux-perf curl >/dev/null
fi
(cd "$root" && dotnet tool restore >/dev/null)

work=$(mktemp -d /tmp/uploader-profile.XXXXXX)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
publish_server "$work"

port=$(free_port)
key=profile-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
mkdir -p "$work/srv"
printf '{ "port": "%s", "listen_address": "127.0.0.1", "secret_key": "%s", "upload_dir": "./upload", "merged_dir": "./merged", "database": "./data/uploader.db", "max_chunk_size": %s, "concurrent_uploads": %s, "log_level": "warn" }\n' \
  "$port" "$key" $((CHUNK_MIB * 1024 * 1024)) $((PARALLEL + 1)) > "$work/srv/config.json"
url="http://127.0.0.1:$port/go-uploader"
(cd "$work/srv" && DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 exec dotnet "$app/Uploader.Api.dll" --config "$work/srv/config.json" > "$work/server.log" 2>&1) &
server=$!
for _ in $(seq 1 150); do curl -sf "$url/health/live" >/dev/null && break; sleep 0.2; done

head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom > "$work/source.bin"
mkdir -p "$work/parts"; split -b "${CHUNK_MIB}M" -d -a 5 "$work/source.bin" "$work/parts/p."
total=$(ls "$work/parts" | wc -l)
send() {  # fid part
  local n=${2##*/} i; i=$((10#${n#p.}))
  curl -sS --fail -o /dev/null -H "X-Secret-Key: $key" -F "file_id=$1" -F "chunk_index=$i" -F "total_chunks=$total" \
    -F "file_size=$((SIZE_MIB * 1024 * 1024))" -F "md5=$(md5sum "$2" | cut -c1-32)" -F "chunk=@$2" "$url/upload_chunk"
}
upload() { ls "$work/parts"/p.* | xargs -P "$PARALLEL" -n 1 bash -c 'send "$0" "$1"' "$1"; }
export -f send; export key url total SIZE_MIB
log "warm-up: the same upload twice"
upload warm1; upload warm2

log "perf: ingest of $SIZE_MIB MiB in $CHUNK_MIB MiB chunks, $PARALLEL streams"
perf record -q -F 1999 -g -p "$server" -o "$work/perf.data" 2> "$work/perf.err" &
perf_pid=$!
sleep 0.5; start=$(now); upload perf; took=$(since "$start")
kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true
perf report -i "$work/perf.data" --no-children --sort dso,sym --stdio -g none --percent-limit 0 2>/dev/null \
  | awk '/^ +[0-9.]+%/' > "$work/symbols.txt"

log "dotnet-counters and dotnet-trace: the same upload again"
(cd "$root" && exec dotnet dotnet-counters collect -p "$server" --counters System.Runtime --format csv -o "$work/counters.csv" --refresh-interval 1 > /dev/null 2>&1) &
counters_pid=$!
(cd "$root" && exec dotnet dotnet-trace collect -p "$server" --profile dotnet-sampled-thread-time -o "$work/ingest.nettrace" > /dev/null 2>&1) &
trace_pid=$!
sleep 2; upload trace; sleep 1
# The tool's host starts the tool as a child process: Ctrl+C (SIGINT) goes to both, as a terminal would send it.
pkill -INT -f "$work/ingest.nettrace" || true; pkill -INT -f "$work/counters.csv" || true; wait "$trace_pid" "$counters_pid" 2>/dev/null || true
(cd "$root" && dotnet dotnet-trace report "$work/ingest.nettrace" topN -n 25) > "$work/trace-top.txt" 2>&1 || true

# Stage of each sampled symbol, first match wins. Kernel symbols of the loopback socket path, the page cache and
# ext4/jbd2, and .NET's own names.
classify() {
  awk '
    { pct = $1; sub(/%/, "", pct); line = $0 }
    line ~ /libcrypto|[Mm][Dd]5/                                               { s["md5 (OpenSSL)"] += pct; next }
    line ~ /XxHash|xxh/                                                        { s["XxHash3"] += pct; next }
    line ~ /Multipart|SpanHelpers|IndexOf|Boundary|SequenceEqual/              { s["multipart framing and boundary scan"] += pct; next }
    line ~ /copy_user|copy_to_user|copy_from_user|memcpy|memmove|Memmove|rep_mov|copy_page|_copy_to_iter|_copy_from_iter|copy_folio/ { s["copies (kernel ↔ user, memmove)"] += pct; next }
    line ~ /tcp_|inet|sock|skb|netif|net_rx|ip_|loopback|__dev_queue|Socket|recv|epoll|Kestrel|Pipe|Http/ { s["socket, Kestrel, HTTP parsing, pipes"] += pct; next }
    line ~ /ext4|jbd2|filemap|folio|generic_perform_write|clear_page|iomap|blk_|virtio|writeback|mpage|page_cache|fsync|sync_file_range|__alloc_pages|lru|RandomAccess|FileStream|pwrite|SafeFileHandle|DurableFile|Writeback/ { s["file write, page cache, fsync"] += pct; next }
    line ~ /[Ss]qlite|EntityFramework|Microsoft\.Data|Persistence/           { s["database (SQLite, EF Core)"] += pct; next }
    line ~ /pvm_irq_enable/                                                    { s["kernel: interrupts re-enabled (VM sampling artefact, mostly I/O and softirq work)"] += pct; next }
    line ~ /libcoreclr|libclrjit|WKS::|gc_heap|doublemapper/                   { s["runtime (GC, JIT, stubs)"] += pct; next }
    line ~ /\[kernel/                                                          { s["kernel, other (scheduler, syscalls)"] += pct; next }
    { s["other"] += pct }
    END { for (k in s) printf "%s\t%.1f\n", k, s[k] }' "$1" | sort -t$'\t' -k2 -nr
}
{
  echo "Ingest profile, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet 2>/dev/null || echo '+changes'): $SIZE_MIB MiB in $CHUNK_MIB MiB chunks from $PARALLEL curl streams, took $took s under perf. Load average $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| stage (perf samples of the server process, kernel included) | share of CPU |"
  echo "|---|---|"
  classify "$work/symbols.txt" | awk -F'\t' '{ printf "| %s | %s %% |\n", $1, $2 }'
  echo
  echo "Top symbols:"
  echo '```'
  head -25 "$work/symbols.txt"
  echo '```'
  echo
  echo "dotnet-trace (thread time, top 25):"
  echo '```'
  head -40 "$work/trace-top.txt"
  echo '```'
  echo
  echo "dotnet-counters during the traced upload (last sample of each counter):"
  echo '```'
  awk -F',' 'NR > 1 { v[$3] = $5 } END { for (k in v) print k ": " v[k] }' "$work/counters.csv" 2>/dev/null | sort | head -30
  echo '```'
} > "$work/report.md"
cat "$work/report.md"
[ -n "${REPORT:-}" ] && cp "$work/report.md" "$REPORT"
exit 0
