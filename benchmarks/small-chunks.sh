#!/usr/bin/env bash
# Small chunks: many concurrent senders of 64 KiB chunks over a few tasks, the server's default config (md5 on,
# fsync on), this tree against an older commit built beside it, in one run. Per-chunk overhead, not bandwidth.
#
#   benchmarks/small-chunks.sh                    # 1,600 chunks of 64 KiB over 16 tasks from 64 senders, vs BASE_REV
#   BASE_REV=main~3 ROUNDS=1 benchmarks/small-chunks.sh
#
# Environment (all optional):
#   BASE_REV=46fc57e   the commit to compare with (default: main before issue 10's changes); BASE_REV= skips it
#   BASE_PUBLISH_DIR=  an already published server of BASE_REV (PUBLISH_DIR is the same for this tree)
#   ROUNDS=2           rounds; each round runs base then this tree, the next round the other way round
#   CHUNKS=1600 TASKS=16 THREADS=64 CHUNK_KIB=64
#   KEEP=1 REPORT=FILE NICE=0   as for run.sh
set -euo pipefail

if [ "${NICE:-1}" != 0 ] && [ "$(id -u)" = 0 ] && [ -z "${UPLOADER_BENCH_NICED:-}" ]; then
  export UPLOADER_BENCH_NICED=1
  exec nice -n -10 ionice -c 2 -n 0 bash "$0" "$@"
fi

BASE_REV=${BASE_REV-46fc57e}
ROUNDS=${ROUNDS:-2}
CHUNKS=${CHUNKS:-1600}
TASKS=${TASKS:-16}
THREADS=${THREADS:-64}
CHUNK_KIB=${CHUNK_KIB:-64}
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=harness.sh
. "$root/benchmarks/harness.sh"
command -v curl >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq >/dev/null; apt-get install -y -qq curl >/dev/null; }

work=$(mktemp -d /tmp/uploader-small.XXXXXX)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
results="$work/results.tsv"
: > "$results"

publish_server "$work"
builds=(new)
declare -A apps=([new]="$app")
if [ -n "$BASE_REV" ]; then
  if [ -n "${BASE_PUBLISH_DIR:-}" ]; then
    apps[base]=$BASE_PUBLISH_DIR
  else
    log "publishing $BASE_REV (Release) beside this tree"
    mkdir -p "$work/base-src"
    git -C "$root" archive "$BASE_REV" | tar -x -C "$work/base-src"
    dotnet publish "$work/base-src/src/Uploader.Api" -c Release -o "$work/base-app" --nologo -v quiet >/dev/null
    apps[base]="$work/base-app"
  fi
  builds=(base new)
fi
log "building the load client"
dotnet build "$root/benchmarks/ChunkLoad" -c Release -o "$work/load" --nologo -v quiet >/dev/null

# One server per measurement, fresh folders, the embedded defaults except where and how to listen and a key.
measure() {  # build round
  local dir="$work/srv-$1-$2" port key url
  port=$(free_port)
  key=bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  mkdir -p "$dir"
  printf '{ "port": "%s", "listen_address": "127.0.0.1", "secret_key": "%s", "upload_dir": "./upload", "merged_dir": "./merged", "database": "./data/uploader.db" }\n' \
    "$port" "$key" > "$dir/config.json"
  url="http://127.0.0.1:$port/go-uploader"
  (cd "$dir" && exec dotnet "${apps[$1]}/Uploader.Api.dll" --config "$dir/config.json" > "$dir/server.log" 2>&1) &
  server=$!
  for _ in $(seq 1 150); do curl -sf "$url/health/live" >/dev/null && break; sleep 0.2; done
  curl -sf "$url/health/live" >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  # Warm-up, not measured: the same load on a tenth of the chunks, so the hot paths are compiled first.
  dotnet "$work/load/ChunkLoad.dll" --url "$url" --key "$key" --tasks "$TASKS" --chunks $((CHUNKS / 10 / TASKS * TASKS)) \
    --chunk-size $((CHUNK_KIB * 1024)) --threads "$THREADS" > /dev/null
  log "$1 (round $2): $CHUNKS chunks of $CHUNK_KIB KiB over $TASKS tasks, $THREADS senders"
  local line
  line=$(dotnet "$work/load/ChunkLoad.dll" --url "$url" --key "$key" --tasks "$TASKS" --chunks "$CHUNKS" \
    --chunk-size $((CHUNK_KIB * 1024)) --threads "$THREADS" 2> "$dir/load.err") || log "$1 round $2 had errors (see $dir/load.err)"
  put "$1_$2" "$(tr "\t" " " <<<"$line")"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order=("${builds[@]}"); else order=(); for ((i = ${#builds[@]} - 1; i >= 0; i--)); do order+=("${builds[$i]}"); done; fi
  for b in "${order[@]}"; do measure "$b" "$r"; done
done

field() { cut -d" " -f"$2" <<<"$1"; }
{
  echo "Small chunks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, this tree $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet 2>/dev/null || echo '+changes')${BASE_REV:+ against $BASE_REV}. $CHUNKS chunks of $CHUNK_KIB KiB over $TASKS tasks from $THREADS senders, default config (md5 and fsync on). Load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| build | round | chunks/s | p50 | p99 | 429 answers | errors | merged right | time |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for r in $(seq 1 "$ROUNDS"); do
    for b in "${builds[@]}"; do
      l=$(get "${b}_$r")
      printf '| %s | %s | %s | %s ms | %s ms | %s | %s | %s | %s s |\n' "$b" "$r" "$(field "$l" 1)" "$(field "$l" 2)" "$(field "$l" 3)" \
        "$(field "$l" 4)" "$(field "$l" 5)" "$(field "$l" 6)" "$(field "$l" 7)"
    done
  done
  if [ -n "$BASE_REV" ]; then
    echo
    for r in $(seq 1 "$ROUNDS"); do
      echo "Round $r: new / base chunks/s = $(awk -v a="$(field "$(get "new_$r")" 1)" -v b="$(field "$(get "base_$r")" 1)" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }')."
    done
  fi
} > "$work/report.md"
cat "$work/report.md"
[ -n "${REPORT:-}" ] && cp "$work/report.md" "$REPORT"
exit 0
