#!/usr/bin/env bash
# End-to-end benchmark of the Uploader server on loopback, against nginx's WebDAV PUT and `cat | tee | md5sum`.
#
#   benchmarks/run.sh                       # 1 GiB file, 8 and 64 MiB chunks, 4 parallel streams
#   SIZE_MIB=256 CHUNKS="8" benchmarks/run.sh
#
# Environment (all optional):
#   SIZE_MIB=1024      size of the random test file
#   CHUNKS="8 64"      chunk sizes in MiB, each run with curl (and the CLI when src/Uploader.Cli exists)
#   PARALLEL=4         parallel streams for every ingest run (ours and nginx)
#   TINY_CHUNKS=10000  chunks of the per-chunk-cost task (1 KiB each)
#   SAMPLE=500         how many first and last chunks of that task are compared
#   STATUS_CALLS=100   upload_status calls timed on that task
#   PUBLISH_DIR=...    use an already published server instead of publishing one
#   CLI=0              skip the CLI runs even when src/Uploader.Cli exists
#   KEEP=1             keep the work folder (/tmp/uploader-bench.*) for inspection
#   REPORT=FILE        also write the Markdown report to FILE
#   NICE=0             leave CPU and I/O priorities alone (by default, as root, everything runs at nice -10)
#
# Everything runs on 127.0.0.1 with temporary configs: the server (Release build, auth on, temp folders),
# nginx with `dav_methods PUT`. Missing tools (nginx, curl, bc) are installed from Debian's packages.
# Prints a Markdown table; the raw figures are in $work/results.tsv.
set -euo pipefail

# The machine may be shared (builds, test runs): run every contender (server, nginx, curl, cat) at the same raised
# CPU and I/O priority, so that the ratios compare them and not the neighbours. NICE=0 leaves priorities alone.
if [ "${NICE:-1}" != 0 ] && [ "$(id -u)" = 0 ] && [ -z "${UPLOADER_BENCH_NICED:-}" ]; then
  export UPLOADER_BENCH_NICED=1
  exec nice -n -10 ionice -c 2 -n 0 bash "$0" "$@"
fi

SIZE_MIB=${SIZE_MIB:-1024}
CHUNKS=${CHUNKS:-"8 64"}
PARALLEL=${PARALLEL:-4}
TINY_CHUNKS=${TINY_CHUNKS:-10000}
SAMPLE=${SAMPLE:-500}
STATUS_CALLS=${STATUS_CALLS:-100}
root=$(cd "$(dirname "$0")/.." && pwd)
size=$((SIZE_MIB * 1024 * 1024))
max_chunk_mib=$(tr ' ' '\n' <<<"$CHUNKS" | sort -n | tail -1)

# shellcheck source=harness.sh
. "$root/benchmarks/harness.sh"

# --- tools -------------------------------------------------------------------------------------------------
need=()
command -v curl >/dev/null || need+=(curl)
command -v bc >/dev/null || need+=(bc)
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  if apt-cache show nginx-light >/dev/null 2>&1; then need+=(nginx-light); else need+=(nginx); fi
fi
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  if ! apt-get install -y -qq "${need[@]}" >/dev/null; then
    # nginx-light is not served by every Debian release; nginx carries the DAV module as well.
    apt-get install -y -qq "${need[@]/nginx-light/nginx}" >/dev/null
  fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
"$NGINX" -V 2>&1 | grep -q http_dav_module || { echo "nginx lacks the DAV module" >&2; exit 1; }

# --- work folder, server ----------------------------------------------------------------------------------
work=$(mktemp -d /tmp/uploader-bench.XXXXXX)
server=""; nginx_pid=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
results="$work/results.tsv"
: > "$results"

publish_server "$work"
cli=""
if [ "${CLI:-1}" != 0 ] && [ -d "$root/src/Uploader.Cli" ]; then
  log "publishing the CLI (Release)"
  if dotnet publish "$root/src/Uploader.Cli" -c Release -o "$work/cli" --nologo -v quiet > "$work/cli-publish.log" 2>&1 \
     && [ -f "$work/cli/uploader.dll" ]; then
    cli="$work/cli/uploader.dll"
  else
    log "the CLI does not publish yet; skipped (see $work/cli-publish.log)"
  fi
fi

port=$(free_port)
key=bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
mkdir -p "$work/srv"
cat > "$work/srv/config.json" <<JSON
{ "port": "$port", "listen_address": "127.0.0.1", "enable_auth": true, "secret_key": "$key",
  "upload_dir": "./upload", "merged_dir": "./merged", "database": "./data/uploader.db",
  "log_level": "info", "max_file_size": $((size > 1073741824 ? size : 1073741824)),
  "max_chunk_size": $((max_chunk_mib * 1024 * 1024)), "max_chunks": $((TINY_CHUNKS > 10000 ? TINY_CHUNKS : 10000)),
  "concurrent_uploads": $((PARALLEL + 1)), "enable_integrity_check": true, "enable_atomic_operations": true }
JSON
url="http://127.0.0.1:$port/go-uploader"
dotnet "$app/Uploader.Api.dll" --config "$work/srv/config.json" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do curl -sf "$url/health/live" >/dev/null && break; sleep 0.2; done
curl -sf "$url/health/live" >/dev/null || { cat "$work/server.log" >&2; exit 1; }
kb() { awk -v f="$1" '$1 == f":" { print $2 }' "/proc/$server/status"; }
reset_peak() { echo 5 > "/proc/$server/clear_refs" 2>/dev/null || true; }   # VmHWM := VmRSS
ticks() { for p in "$@"; do awk '{ print $14 + $15 }' "/proc/$p/stat"; done | awk '{ s += $1 } END { print s + 0 }'; }  # user+system, 1/100 s
cpu_s() { awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }'; }
put rss_start_kib "$(kb VmRSS)"
put load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
log "server pid $server on $url (log: $work/server.log)"

# --- nginx -----------------------------------------------------------------------------------------------
nport=$(free_port)
mkdir -p "$work/nginx/body" "$work/nginx/logs" "$work/dav"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes auto;
user $(id -un);
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log $work/nginx/logs/access.log;
  client_body_temp_path $work/nginx/body;
  server {
    listen 127.0.0.1:$nport;
    root $work/dav;
    location / {
      dav_methods PUT;
      create_full_put_path on;
      client_max_body_size 0;
    }
  }
}
CONF
"$NGINX" -e "$work/nginx/logs/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$nport/" && break; sleep 0.1; done
log "nginx pid $nginx_pid on http://127.0.0.1:$nport"

# --- the test file ---------------------------------------------------------------------------------------
log "generating ${SIZE_MIB} MiB of random data"
head -c "$size" /dev/urandom > "$work/source.bin"
md5=$(md5sum "$work/source.bin" | cut -c1-32)
# md5sum's own CPU for the file: the ingest target is server CPU ≤ 2 × (nginx's CPU + this).
TIMEFORMAT='%U %S'
{ time md5sum "$work/source.bin" > /dev/null; } 2> "$work/md5sum.time"
put md5sum_cpu_s "$(awk '{ printf "%.2f", $1 + $2 }' "$work/md5sum.time")"
for c in $CHUNKS; do
  mkdir -p "$work/parts$c"
  split -b "${c}M" -d -a 5 "$work/source.bin" "$work/parts$c/p."
  (cd "$work/parts$c" && md5sum p.* > ../md5s$c)
done
sync

# --- one upload through our server with parallel curl clients ---------------------------------------------
send_chunk() {  # part file; env: key url total size cbytes fid md5file
  local name=${1##*/} i
  i=$((10#${name#p.}))
  curl -sS --fail-with-body -o /dev/null -H "X-Secret-Key: $key" \
    -F "file_id=$fid" -F "chunk_index=$i" -F "total_chunks=$total" -F "file_size=$size" \
    -F "chunk_size=$cbytes" -F "md5=$(awk -v n="$name" '$2 == n { print $1 }' "$md5file")" \
    -F "relative_path=bench/$fid.bin" -F "chunk=@$1" "$url/upload_chunk"
}
put_chunk() { curl -sS --fail -o /dev/null -T "$1" "http://127.0.0.1:$nport/c$cmib/${1##*/}"; }
export -f send_chunk put_chunk
export key url size nport

merged_md5() { md5sum "$1" | cut -c1-32; }

# Warm-up, not measured: a long-running server has compiled its hot paths to their final tier, so three small
# tasks of 64 chunks are uploaded and merged first (tiered compilation promotes a method after 30 calls), then the
# background compiler gets a moment to finish.
log "warm-up"
head -c $((8 * 1024 * 1024)) /dev/urandom > "$work/warm.bin"
mkdir -p "$work/warm"; split -b 128K -d -a 5 "$work/warm.bin" "$work/warm/p."
(cd "$work/warm" && md5sum p.* > ../md5s-warm)
for w in 1 2 3; do
  ( export cbytes=$((128 * 1024)) fid=warm$w md5file="$work/md5s-warm" total=64 size=$((8 * 1024 * 1024))
    ls "$work/warm"/p.* | xargs -P "$PARALLEL" -n 1 bash -c 'send_chunk "$1"' _ )
  curl -sS --fail-with-body -o /dev/null -H "X-Secret-Key: $key" -d file_id=warm$w "$url/merge_chunks"
  curl -sS -o /dev/null -H "X-Secret-Key: $key" "$url/upload_status?file_id=warm$w"
  rm -f "$work/srv/merged/bench/warm$w.bin"
done
rm -rf "$work/warm" "$work/warm.bin"
sleep 2

for c in $CHUNKS; do
  export cmib=$c cbytes=$((c * 1024 * 1024)) fid="curl-$c" md5file="$work/md5s$c" total
  total=$(ls "$work/parts$c" | wc -l)

  log "ours: ${c} MiB chunks × $total, $PARALLEL curl streams"
  sync; put "ours_pre_rss_kib_$c" "$(kb VmRSS)"; reset_peak
  t0=$(ticks "$server"); start=$(now)
  ls "$work/parts$c"/p.* | xargs -P "$PARALLEL" -n 1 bash -c 'send_chunk "$1"' _
  put "ours_ingest_s_$c" "$(since "$start")"
  put "ours_ingest_cpu_s_$c" "$(cpu_s "$t0" "$(ticks "$server")")"
  put "ours_ingest_hwm_kib_$c" "$(kb VmHWM)"

  # The baseline reads the very chunk files the server stored (their names sort by index).
  folder=$(ls -d "$work/srv/upload"/*/ | grep -v '/\.staging/$' | head -1)
  ls "$folder"*.chunk | sort > "$work/chunklist"
  # Twice, the faster one counts: the first write of a GiB into pages this VM has not touched yet can cost
  # twice as much as later ones, and the server's merge should not be compared with that.
  best=""
  for _ in 1 2; do
    sync
    start=$(now)
    base_md5=$(xargs cat < "$work/chunklist" | tee "$work/baseline.out" | md5sum | cut -c1-32)
    t=$(since "$start")
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')
    [ "$base_md5" = "$md5" ] || { echo "baseline md5 differs" >&2; exit 1; }
    rm -f "$work/baseline.out"
  done
  put "cat_s_$c" "$best"
  sync
  start=$(now)
  xargs cat < "$work/chunklist" | tee "$work/baseline.out" | md5sum > /dev/null
  sync "$work/baseline.out"
  put "cat_fsync_s_$c" "$(since "$start")"
  rm -f "$work/baseline.out"; sync

  log "ours: merge"
  reset_peak
  t0=$(ticks "$server"); start=$(now)
  curl -sS --fail-with-body -o "$work/merge-$c.json" -H "X-Secret-Key: $key" \
    -d "file_id=$fid" -d "expected_md5=$md5" "$url/merge_chunks"
  put "ours_merge_s_$c" "$(since "$start")"
  put "ours_merge_cpu_s_$c" "$(cpu_s "$t0" "$(ticks "$server")")"
  put "ours_merge_hwm_kib_$c" "$(kb VmHWM)"
  [ "$(merged_md5 "$work/srv/merged/bench/$fid.bin")" = "$md5" ] || { echo "merged md5 differs" >&2; exit 1; }
  put "ours_md5_ok_$c" yes
  rm -f "$work/srv/merged/bench/$fid.bin"; sync

  log "nginx: ${c} MiB chunks × $total, $PARALLEL curl streams"
  workers=$(pgrep -P "$nginx_pid" | tr '\n' ' ')
  # shellcheck disable=SC2086
  t0=$(ticks $workers); start=$(now)
  ls "$work/parts$c"/p.* | xargs -P "$PARALLEL" -n 1 bash -c 'put_chunk "$1"' _
  put "nginx_ingest_s_$c" "$(since "$start")"
  # shellcheck disable=SC2086
  put "nginx_ingest_cpu_s_$c" "$(cpu_s "$t0" "$(ticks $workers)")"
  # nginx answers before its bytes reach the disk; ours fsyncs every chunk before it answers. Until durable:
  sync "$work/dav/c$c"/p.*
  put "nginx_durable_s_$c" "$(since "$start")"
  [ "$(cat "$work/dav/c$c"/p.* | md5sum | cut -c1-32)" = "$md5" ] || { echo "nginx copy differs" >&2; exit 1; }
  rm -rf "$work/dav/c$c"; sync

  if [ -n "$cli" ]; then
    log "CLI: ${c} MiB chunks, --parallel $PARALLEL"
    sync; reset_peak
    cp "$work/source.bin" "$work/cli-$c.bin"
    start=$(now)
    if dotnet "$cli" upload "$work/cli-$c.bin" --server "http://127.0.0.1:$port" --key "$key" \
         --chunk-size "${c}MiB" --parallel "$PARALLEL" --json > "$work/cli-$c.json" 2> "$work/cli-$c.err"; then
      put "cli_s_$c" "$(since "$start")"
      put "cli_hwm_kib_$c" "$(kb VmHWM)"
      f=$(find "$work/srv/merged" -type f -name "cli-$c*.bin" | head -1)
      if [ -n "$f" ] && [ "$(merged_md5 "$f")" = "$md5" ]; then put "cli_md5_ok_$c" yes; rm -f "$f"; else put "cli_md5_ok_$c" no; fi
    else
      log "the CLI upload failed (see $work/cli-$c.err)"
      put "cli_s_$c" failed
    fi
    rm -f "$work/cli-$c.bin"
  fi
done

# --- per-chunk cost: one task of TINY_CHUNKS chunks of 1 KiB -------------------------------------------------
log "per-chunk cost: $TINY_CHUNKS chunks of 1 KiB, $PARALLEL streams (one keep-alive connection each)"
head -c 1024 /dev/urandom > "$work/tiny.bin"
tiny_md5=$(md5sum "$work/tiny.bin" | cut -c1-32)
for k in $(seq 0 $((PARALLEL - 1))); do
  : > "$work/tiny$k.cfg"
  for ((i = k; i < TINY_CHUNKS; i += PARALLEL)); do
    [ "$i" -ge "$PARALLEL" ] && echo next >> "$work/tiny$k.cfg"
    cat >> "$work/tiny$k.cfg" <<CFG
url = "$url/upload_chunk"
header = "X-Secret-Key: $key"
form = "file_id=tiny"
form = "chunk_index=$i"
form = "total_chunks=$TINY_CHUNKS"
form = "file_size=$((TINY_CHUNKS * 1024))"
form = "chunk_size=1024"
form = "md5=$tiny_md5"
form = "relative_path=bench/tiny.bin"
form = "chunk=@$work/tiny.bin"
output = "/dev/null"
fail
write-out = "$i %{http_code} %{time_total}\n"
CFG
  done
done
start=$(now)
streams=()
for k in $(seq 0 $((PARALLEL - 1))); do curl -sS -K "$work/tiny$k.cfg" > "$work/tiny$k.out" & streams+=($!); done
for p in "${streams[@]}"; do wait "$p" || true; done
put tiny_total_s "$(since "$start")"
cat "$work"/tiny*.out | sort -n > "$work/tiny.times"
bad=$(awk '$2 != 200' "$work/tiny.times" | wc -l)
put tiny_failed "$bad"
stats() {  # file of seconds, one per line → "median p95" in ms
  sort -n "$1" | awk '{ a[NR] = $1 } END { m = a[int((NR + 1) / 2)]; p = a[int(NR * 0.95 + 0.5)]; printf "%.2f %.2f", m * 1000, p * 1000 }'
}
awk -v n="$SAMPLE" '$1 < n { print $3 }' "$work/tiny.times" > "$work/first.s"
awk -v n="$SAMPLE" -v t="$TINY_CHUNKS" '$1 >= t - n { print $3 }' "$work/tiny.times" > "$work/last.s"
read -r f_med f_p95 <<<"$(stats "$work/first.s")"
read -r l_med l_p95 <<<"$(stats "$work/last.s")"
put first_med_ms "$f_med"; put first_p95_ms "$f_p95"; put last_med_ms "$l_med"; put last_p95_ms "$l_p95"

log "upload_status on the $TINY_CHUNKS-chunk task × $STATUS_CALLS"
: > "$work/status.cfg"
for n in $(seq 1 "$STATUS_CALLS"); do
  [ "$n" -gt 1 ] && echo next >> "$work/status.cfg"
  printf 'url = "%s/upload_status?file_id=tiny"\nheader = "X-Secret-Key: %s"\noutput = "/dev/null"\nfail\nwrite-out = "%%{time_total} %%{size_download}\\n"\n' \
    "$url" "$key" >> "$work/status.cfg"
done
curl -sS -K "$work/status.cfg" > "$work/status.out"
cut -d' ' -f1 "$work/status.out" > "$work/status.s"
read -r s_med s_p95 <<<"$(stats "$work/status.s")"
put status_med_ms "$s_med"; put status_p95_ms "$s_p95"; put status_bytes "$(tail -1 "$work/status.out" | cut -d' ' -f2)"
put rss_end_kib "$(kb VmRSS)"

# --- report ------------------------------------------------------------------------------------------------
mibs() { awk -v m="$SIZE_MIB" -v s="$1" 'BEGIN { if (s > 0) printf "%.0f", m / s; else print "–" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
{
  echo "Uploader benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo '+changes')"
  echo "File ${SIZE_MIB} MiB of random data, $PARALLEL parallel streams, md5 verified. Server RSS at start $(mib "$(get rss_start_kib)") MiB. Load average at start $(get load_start), at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| chunk | ours ingest | nginx PUT ingest | ours / nginx | nginx PUT + fsync | ours / nginx+fsync | server CPU ingest | nginx CPU ingest | ours merge | cat\\|tee\\|md5sum | merge / cat | cat\\|tee\\|md5sum + fsync | merge CPU | RSS before → peak ingest | peak RSS merge | CLI upload+merge |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for c in $CHUNKS; do
    oi=$(get "ours_ingest_s_$c"); ni=$(get "nginx_ingest_s_$c"); om=$(get "ours_merge_s_$c"); cs=$(get "cat_s_$c")
    cli_cell="not built"
    if [ -n "$cli" ]; then
      cs_cli=$(get "cli_s_$c")
      if [ "$cs_cli" = failed ]; then cli_cell=failed; else cli_cell="$cs_cli s ($(mibs "$cs_cli") MiB/s, md5 $(get "cli_md5_ok_$c"), RSS $(mib "$(get "cli_hwm_kib_$c")") MiB)"; fi
    fi
    nd=$(get "nginx_durable_s_$c")
    printf '| %s MiB | %s s (%s MiB/s) | %s s (%s MiB/s) | %s | %s s (%s MiB/s) | %s | %s s | %s s | %s s | %s s | %s | %s s | %s s | %s → %s MiB | %s MiB | %s |\n' \
      "$c" "$oi" "$(mibs "$oi")" "$ni" "$(mibs "$ni")" "$(ratio "$ni" "$oi")" "$nd" "$(mibs "$nd")" "$(ratio "$nd" "$oi")" \
      "$(get "ours_ingest_cpu_s_$c")" "$(get "nginx_ingest_cpu_s_$c")" \
      "$om" "$cs" "$(ratio "$om" "$cs")" "$(get "cat_fsync_s_$c")" "$(get "ours_merge_cpu_s_$c")" \
      "$(mib "$(get "ours_pre_rss_kib_$c")")" "$(mib "$(get "ours_ingest_hwm_kib_$c")")" "$(mib "$(get "ours_merge_hwm_kib_$c")")" "$cli_cell"
  done
  echo
  echo "| $TINY_CHUNKS chunks of 1 KiB, $PARALLEL keep-alive streams | median | p95 |"
  echo "|---|---|---|"
  echo "| upload_chunk, chunks 0–$((SAMPLE - 1)) | $(get first_med_ms) ms | $(get first_p95_ms) ms |"
  echo "| upload_chunk, chunks $((TINY_CHUNKS - SAMPLE))–$((TINY_CHUNKS - 1)) | $(get last_med_ms) ms | $(get last_p95_ms) ms |"
  echo "| upload_status of the $TINY_CHUNKS-chunk task ($(get status_bytes) bytes) | $(get status_med_ms) ms | $(get status_p95_ms) ms |"
  echo
  echo "All $TINY_CHUNKS chunks in $(get tiny_total_s) s ($(get tiny_failed) refused); last/first median $(ratio "$(get last_med_ms)" "$(get first_med_ms)"). Server RSS at the end $(mib "$(get rss_end_kib)") MiB."
  echo
  echo "Issue 10's targets, from this run (md5sum of the file: $(get md5sum_cpu_s) s CPU):"
  echo
  echo "| chunk | ingest / nginx PUT (≥ 0.70 at 8 MiB, ≥ 0.85 at 64 MiB) | server CPU / (nginx CPU + md5sum CPU) (≤ 2) | merge / cat\\|tee\\|md5sum (≤ 1.0) | RSS peak − before, ingest (≤ 32 MiB) | peak RSS (≤ 200 MB = 191 MiB) |"
  echo "|---|---|---|---|---|---|"
  for c in $CHUNKS; do
    printf '| %s MiB | %s | %s | %s | %s MiB | %s MiB |\n' "$c" \
      "$(ratio "$(get "nginx_ingest_s_$c")" "$(get "ours_ingest_s_$c")")" \
      "$(ratio "$(get "ours_ingest_cpu_s_$c")" "$(awk -v a="$(get "nginx_ingest_cpu_s_$c")" -v b="$(get md5sum_cpu_s)" 'BEGIN { print a + b }')")" \
      "$(ratio "$(get "ours_merge_s_$c")" "$(get "cat_s_$c")")" \
      "$(mib "$(( $(get "ours_ingest_hwm_kib_$c") - $(get "ours_pre_rss_kib_$c") ))")" \
      "$(mib "$(printf '%s\n' "$(get "ours_ingest_hwm_kib_$c")" "$(get "ours_merge_hwm_kib_$c")" | sort -n | tail -1)")"
  done
  echo
  echo "Per-chunk cost, chunk $((TINY_CHUNKS - SAMPLE))–$((TINY_CHUNKS - 1)) / 0–$((SAMPLE - 1)) median (≤ 1.2): $(ratio "$(get last_med_ms)" "$(get first_med_ms)")."
} > "$work/report.md"
cat "$work/report.md"
[ -n "${REPORT:-}" ] && cp "$work/report.md" "$REPORT"
exit 0
