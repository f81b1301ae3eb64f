#!/usr/bin/env bash
# Scale-out (issue 11): chunks recorded per second with 64 KiB chunks through nginx in front of 1, 2 and 3 instances
# on PostgreSQL and of one instance on SQLite, in one run; then a 1 GiB upload's ingest rate through nginx and
# direct. Every configuration gets fresh folders, a fresh database and the server's default config (md5 and fsync
# on, concurrent_uploads 5 per instance) with the per-client caps set as docs/operations.md says behind a proxy
# (no connection cap, the whole queue for one client); nginx runs tests/Uploader.Testing/nginx-balancer.conf, the
# rig's config.
#
#   benchmarks/scale-out.sh
#   CHUNKS=800 BIG_MIB=256 benchmarks/scale-out.sh
#
# Environment (all optional):
#   CHUNKS=1600 TASKS=16 THREADS=64 CHUNK_KIB=64   the small-chunk load (benchmarks/ChunkLoad), as small-chunks.sh
#   CONFIGS="pg1 pg2 pg3 sqlite1"                  which small-chunk configurations to run
#   BIG_MIB=1024 BIG_CHUNK_MIB=8 BIG_THREADS=4     the large upload (one task); BIG_MIB=0 skips it
#   PUBLISH_DIR=  KEEP=1  REPORT=FILE  NICE=0      as for run.sh
#
# Prints a Markdown report; the raw figures are in $work/results.tsv. Beside each rate it gives the CPU seconds the
# instances, nginx, PostgreSQL and everything else on the machine (the load client, the neighbours) used over the
# measured load client's whole run (its setup, the sends, the merges after them), which says where the ceiling is.
set -euo pipefail

if [ "${NICE:-1}" != 0 ] && [ "$(id -u)" = 0 ] && [ -z "${UPLOADER_BENCH_NICED:-}" ]; then
  export UPLOADER_BENCH_NICED=1
  exec nice -n -10 ionice -c 2 -n 0 bash "$0" "$@"
fi

CHUNKS=${CHUNKS:-1600}
TASKS=${TASKS:-16}
THREADS=${THREADS:-64}
CHUNK_KIB=${CHUNK_KIB:-64}
CONFIGS=${CONFIGS:-"pg1 pg2 pg3 sqlite1"}
BIG_MIB=${BIG_MIB:-1024}
BIG_CHUNK_MIB=${BIG_CHUNK_MIB:-8}
BIG_THREADS=${BIG_THREADS:-4}
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=harness.sh
. "$root/benchmarks/harness.sh"

# --- tools: curl, nginx, PostgreSQL from Debian's packages when missing ---------------------------------------
need=()
command -v curl >/dev/null || need+=(curl)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || need+=(nginx)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
PGBIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# --- work folder, cleanup ---------------------------------------------------------------------------------
work=$(mktemp -d /tmp/uploader-scale.XXXXXX)
chmod 755 "$work"
servers=(); nginx_pid=""; pg_up=""
stop_all() {
  local p
  for p in "${servers[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  for p in "${servers[@]}" $nginx_pid; do wait "$p" 2>/dev/null || true; done
  servers=(); nginx_pid=""
}
cleanup() {
  stop_all
  [ -n "$pg_up" ] && as_pg "$PGBIN/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
results="$work/results.tsv"
: > "$results"

publish_server "$work"
log "building the load client"
dotnet build "$root/benchmarks/ChunkLoad" -c Release -o "$work/load" --nologo -v quiet >/dev/null

# --- PostgreSQL: one throwaway cluster as the postgres user (initdb refuses root), a database per configuration --
pg_port=$(free_port)
mkdir -p "$work/pg/sock"
[ "$(id -u)" = 0 ] && chown -R postgres: "$work/pg"
log "starting PostgreSQL ($("$PGBIN/postgres" --version)) on 127.0.0.1:$pg_port"
as_pg "$PGBIN/initdb" -D "$work/pg/data" -A trust -U postgres -E UTF8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
  -o "-p $pg_port -k $work/pg/sock -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
pg_up=1
pg_database() {  # name -> Npgsql connection string
  as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$1"
  echo "Host=127.0.0.1;Port=$pg_port;Database=$1;Username=postgres"
}

# --- CPU seconds of process groups, from /proc (utime+stime; PostgreSQL's postmaster adds its exited children) ---
tck=$(getconf CLK_TCK)
ticks_of() { local p; for p in "$@"; do [ -r "/proc/$p/stat" ] && sed 's/^.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 }'; done | awk '{ s += $1 } END { print s + 0 }'; }
pg_ticks() {
  local master; master=$(head -1 "$work/pg/data/postmaster.pid")
  { sed 's/^.*) //' "/proc/$master/stat" | awk '{ print $14 + $15 }'; ticks_of "$master" $(pgrep -P "$master"); } | awk '{ s += $1 } END { print s + 0 }'
}
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
nginx_pids() { [ -n "$nginx_pid" ] && echo "$nginx_pid" $(pgrep -P "$nginx_pid"); }
snapshot() { echo "$(ticks_of "${servers[@]}") $(ticks_of $(nginx_pids)) $(pg_ticks) $(machine_ticks) $(now)"; }
cpu_split() {  # before after -> "servers nginx postgres rest window": CPU seconds of each over the window's seconds
  awk -v t="$tck" -v a="$1" -v b="$2" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    s = (y[1] - x[1]) / t; n = (y[2] - x[2]) / t; p = (y[3] - x[3]) / t; m = (y[4] - x[4]) / t
    printf "%.1f %.1f %.1f %.1f %.1f", s, n, p, m - s - n - p, y[5] - x[5] }'
}

# --- the topology: N instances on one database and one pair of folders, nginx in front ------------------------
key=bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
start_instances() {  # dir count provider database
  local dir=$1 count=$2 provider=$3 database=$4 i port
  mkdir -p "$dir/shared"
  upstreams=()
  for i in $(seq 1 "$count"); do
    port=$(free_port)
    mkdir -p "$dir/instance-$i"
    cat > "$dir/instance-$i/config.json" <<EOF
{ "port": "$port", "listen_address": "127.0.0.1", "instance_id": "bench-$i", "secret_key": "$key",
  "upload_dir": "$dir/shared/upload", "merged_dir": "$dir/shared/merged",
  "database_provider": "$provider", "database": "$database", "trusted_proxies": ["127.0.0.1"],
  "max_connections_per_client": 0, "max_uploads_per_client": 5 }
EOF
    (cd "$dir/instance-$i" && exec dotnet "$app/Uploader.Api.dll" --config "$dir/instance-$i/config.json" > server.log 2>&1) &
    servers+=($!)
    upstreams+=("127.0.0.1:$port")
  done
  for i in $(seq 1 "$count"); do
    local url="http://${upstreams[$((i - 1))]}/go-uploader"
    for _ in $(seq 1 300); do curl -sf "$url/health/live" >/dev/null && break; sleep 0.2; done
    curl -sf "$url/health/live" >/dev/null || { cat "$dir/instance-$i/server.log" >&2; exit 1; }
  done
}
start_nginx() {  # dir -> sets balancer (its root URL)
  local dir=$1/nginx port
  port=$(free_port)
  mkdir -p "$dir"/{logs,body,proxy,fastcgi,uwsgi,scgi}
  awk -v user="$(id -un)" -v listen="127.0.0.1:$port" -v servers="$(printf '    server %s max_fails=1 fail_timeout=2s;\n' "${upstreams[@]}")" '
    /^@SERVERS@$/ { print servers; next }
    { gsub("@USER@", user); gsub("@LISTEN@", listen); gsub("@READ_TIMEOUT@", "60s"); print }' \
    "$root/tests/Uploader.Testing/nginx-balancer.conf" > "$dir/nginx.conf"
  "$NGINX" -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" -g "daemon off;" &
  nginx_pid=$!
  balancer="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do curl -s -o /dev/null "$balancer/go-uploader/health/live" && return; sleep 0.1; done
  cat "$dir/logs/error.log" >&2; exit 1
}
load() {  # url tasks chunks chunk_bytes threads -> the load client's TSV line
  dotnet "$work/load/ChunkLoad.dll" --url "$1" --key "$key" --tasks "$2" --chunks "$3" --chunk-size "$4" --threads "$5"
}

# --- small chunks through nginx ------------------------------------------------------------------------------
for config in $CONFIGS; do
  count=${config//[!0-9]/}; provider=${config%%[0-9]*}
  [ "$provider" = pg ] && provider=postgres
  dir="$work/$config"; mkdir -p "$dir"
  if [ "$provider" = postgres ]; then database=$(pg_database "bench_$config"); else database="$dir/shared/data/uploader.db"; fi
  log "$config: $count instance(s) on $provider behind nginx"
  start_instances "$dir" "$count" "$provider" "$database"
  start_nginx "$dir"
  # Warm-up, not measured: a tenth of the load, so the hot paths are compiled first.
  load "$balancer/go-uploader" "$TASKS" $((CHUNKS / 10 / TASKS * TASKS)) $((CHUNK_KIB * 1024)) "$THREADS" > /dev/null
  before=$(snapshot)
  line=$(load "$balancer/go-uploader" "$TASKS" "$CHUNKS" $((CHUNK_KIB * 1024)) "$THREADS" 2> "$dir/load.err") \
    || log "$config had errors (see $dir/load.err)"
  put "small_$config" "$(tr '\t' ' ' <<<"$line")"
  put "cpu_$config" "$(cpu_split "$before" "$(snapshot)")"
  stop_all
done

# --- one large upload: through nginx and direct, one instance on PostgreSQL; then three behind nginx -----------
big_runs=()
if [ "$BIG_MIB" -gt 0 ]; then
  big_chunks=$((BIG_MIB / BIG_CHUNK_MIB))
  for run in direct1 nginx1 nginx3; do
    count=${run//[!0-9]/}
    dir="$work/big-$run"; mkdir -p "$dir"
    log "$BIG_MIB MiB in $BIG_CHUNK_MIB MiB chunks, $BIG_THREADS at once: $run"
    start_instances "$dir" "$count" postgres "$(pg_database "bench_big_$run")"
    if [ "${run%[0-9]}" = nginx ]; then start_nginx "$dir"; url="$balancer/go-uploader"; else url="http://${upstreams[0]}/go-uploader"; fi
    load "$url" 1 8 $((BIG_CHUNK_MIB * 1024 * 1024)) "$BIG_THREADS" > /dev/null
    before=$(snapshot)
    line=$(load "$url" 1 "$big_chunks" $((BIG_CHUNK_MIB * 1024 * 1024)) "$BIG_THREADS" 2> "$dir/load.err") \
      || log "$run had errors (see $dir/load.err)"
    put "big_$run" "$(tr '\t' ' ' <<<"$line")"
    put "cpu_big_$run" "$(cpu_split "$before" "$(snapshot)")"
    big_runs+=("$run")
    stop_all
  done
fi

# --- report -----------------------------------------------------------------------------------------------------
field() { cut -d" " -f"$2" <<<"$1"; }
{
  echo "Scale-out, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet 2>/dev/null || echo '+changes'), PostgreSQL $("$PGBIN/postgres" --version | awk '{ print $3 }'), $("$NGINX" -v 2>&1 | sed 's/.*\///'). Load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "$CHUNKS chunks of $CHUNK_KIB KiB over $TASKS tasks from $THREADS senders, through nginx. CPU: seconds used by the"
  echo "instances, nginx, PostgreSQL and the rest of the machine (load client, neighbours) over the load client's run of the"
  echo "given length ($(nproc) cores can give $(nproc) CPU seconds per second):"
  echo
  echo "| instances | store | chunks/s | p50 | p99 | 429 answers | errors | merged right | sending | CPU instances / nginx / PostgreSQL / rest over |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for config in $CONFIGS; do
    l=$(get "small_$config"); c=$(get "cpu_$config")
    printf '| %s | %s | %s | %s ms | %s ms | %s | %s | %s | %s s | %s / %s / %s / %s over %s s |\n' "${config//[!0-9]/}" "${config%%[0-9]*}" \
      "$(field "$l" 1)" "$(field "$l" 2)" "$(field "$l" 3)" "$(field "$l" 4)" "$(field "$l" 5)" "$(field "$l" 6)" "$(field "$l" 7)" \
      "$(field "$c" 1)" "$(field "$c" 2)" "$(field "$c" 3)" "$(field "$c" 4)" "$(field "$c" 5)"
  done
  if [ ${#big_runs[@]} -gt 0 ]; then
    echo
    echo "One upload of $BIG_MIB MiB in $BIG_CHUNK_MIB MiB chunks, $BIG_THREADS at once, on PostgreSQL (ingest only; the merge after it is not timed):"
    echo
    echo "| path | MiB/s | p50 chunk | p99 chunk | errors | merged right | sending | CPU instances / nginx / PostgreSQL / rest over |"
    echo "|---|---|---|---|---|---|---|---|"
    for run in "${big_runs[@]}"; do
      l=$(get "big_$run"); c=$(get "cpu_big_$run")
      case $run in direct1) path="direct to 1 instance";; nginx1) path="nginx, 1 instance";; *) path="nginx, ${run//[!0-9]/} instances";; esac
      printf '| %s | %s | %s ms | %s ms | %s | %s | %s s | %s / %s / %s / %s over %s s |\n' "$path" \
        "$(awk -v r="$(field "$l" 1)" -v m="$BIG_CHUNK_MIB" 'BEGIN { printf "%.0f", r * m }')" \
        "$(field "$l" 2)" "$(field "$l" 3)" "$(field "$l" 5)" "$(field "$l" 6)" "$(field "$l" 7)" \
        "$(field "$c" 1)" "$(field "$c" 2)" "$(field "$c" 3)" "$(field "$c" 4)" "$(field "$c" 5)"
    done
  fi
} > "$work/report.md"
cat "$work/report.md"
[ -n "${REPORT:-}" ] && cp "$work/report.md" "$REPORT"
exit 0
