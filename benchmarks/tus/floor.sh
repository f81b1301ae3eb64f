#!/usr/bin/env bash
# What the ≥ 1.5 × @tus/server goal of issue 14 leaves room for: the same tus-js-client script (upload.mjs) against
# @tus/server 2.4.5 + @tus/file-store 2.1.1 and against floor/ (TusFloor: Kestrel, each PATCH written once at its
# offset into one file, no tasks, no database, no merge) in the variants below, rounds alternating the order.
#
#   bash benchmarks/tus/floor.sh                       # 1 GiB, one PATCH, 3 rounds
#   SIZE_MIB=256 ROUNDS=1 bash benchmarks/tus/floor.sh # a quick look
#
# Variants (VARIANTS, names below): plain = what @tus/server does (write, no fsync, no hash); fsync8 = durable every
# 8 MiB (a crash reports no offset whose bytes are not on disk); fsync8+md5 = that and the file's md5 carried across
# the PATCHes; fsync8+md5+chunkmd5 = that and an md5 of every 8 MiB chunk (Uploader's record of a tus upload today).
# Environment: SIZE_MIB=1024, ROUNDS=3, CHUNK=inf (or a PATCH size in MiB), KEEP=1 keeps the work folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../harness.sh
. "$here/../harness.sh"
SIZE_MIB=${SIZE_MIB:-1024}
ROUNDS=${ROUNDS:-3}
CHUNK=${CHUNK:-inf}
VARIANTS=${VARIANTS:-"tusd plain fsync8 fsync8+md5 fsync8+md5+chunkmd5"}
size=$((SIZE_MIB * 1024 * 1024))
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
cpu_s() { awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }'; }
json_field() { node -e 'const o = JSON.parse(process.argv[1]); const v = o[process.argv[2]]; console.log(v === undefined ? "" : v)' "$1" "$2"; }

[ -d "$here/node_modules" ] || (cd "$here" && npm ci --no-audit --no-fund)

work=$(mktemp -d /tmp/uploader-tus-floor.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

log "dotnet build -c Release benchmarks/tus/floor"
dotnet build -c Release "$here/floor" --nologo -v quiet > "$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
floor_dll="$here/floor/bin/Release/net10.0/TusFloor.dll"

declare -A port_of pid_of
start() {   # start NAME → a server for that variant, its port in port_of[NAME]
  local name=$1 p dir=$work/store-$1 opts=()
  p=$(free_port); mkdir -p "$dir"
  case "$name" in
    tusd) node "$here/tusd-server.mjs" "$p" "$dir" > "$work/$name.log" 2>&1 & ;;
    *)
      case "$name" in *fsync8*) opts+=(--fsync-mib 8) ;; esac
      case "$name" in *+md5*) opts+=(--md5) ;; esac
      case "$name" in *chunkmd5*) opts+=(--chunk-md5-mib 8) ;; esac
      dotnet "$floor_dll" "$p" "$dir" "${opts[@]}" > "$work/$name.log" 2>&1 & ;;
  esac
  pid_of[$name]=$!; pids+=("$!"); port_of[$name]=$p
  for _ in $(seq 1 100); do grep -q listening "$work/$name.log" 2>/dev/null && return; sleep 0.1; done
  cat "$work/$name.log" >&2; exit 1
}

upload() {   # upload NAME FILE → "done_s mb_s cpu_s client_cpu_s"
  local name=$1 file=$2 out id c0 cpu got args
  args=("http://127.0.0.1:${port_of[$name]}/files/" "$file")
  [ "$CHUNK" != inf ] && args+=(--chunk-mib "$CHUNK")
  c0=$(ticks "${pid_of[$name]}")
  out=$(node "$here/upload.mjs" "${args[@]}") || { echo "$name: $out" >&2; tail "$work/$name.log" >&2; return 1; }
  cpu=$(cpu_s "$c0" "$(ticks "${pid_of[$name]}")")
  id=${out##*\"url\":\"}; id=${id%%\"*}; id=${id%/}; id=${id##*/}
  got=$(md5sum "$work/store-$name/$id" | cut -c1-32)
  [ "$got" = "$md5" ] || { echo "$name: md5 of the stored file is $got, source $md5" >&2; return 1; }
  case "$name" in *md5*) [ "$(curl -sf "http://127.0.0.1:${port_of[$name]}/files/$id/md5")" = "$md5" ] \
      || { echo "$name: the md5 it computed differs" >&2; return 1; } ;; esac
  rm -f "$work/store-$name/$id" "$work/store-$name/$id.json"
  echo "$(json_field "$out" elapsed_s) $(json_field "$out" mb_s) $cpu $(json_field "$out" client_cpu_s)"
}

for v in $VARIANTS; do start "$v"; done
log "generating ${SIZE_MIB} MiB (load average $(cut -d' ' -f1-3 /proc/loadavg))"
head -c $((64 << 20)) /dev/urandom > "$work/warmup.bin"
md5=$(md5sum "$work/warmup.bin" | cut -c1-32)
for v in $VARIANTS; do upload "$v" "$work/warmup.bin" >/dev/null; done
head -c "$size" /dev/urandom > "$work/source.bin"
md5=$(md5sum "$work/source.bin" | cut -c1-32)

: > "$work/rounds.tsv"
read -r -a order <<<"$VARIANTS"
for r in $(seq 1 "$ROUNDS"); do
  la=$(cut -d' ' -f1 /proc/loadavg)
  for v in "${order[@]}"; do
    read -r d m c cc < <(upload "$v" "$work/source.bin") || exit 1
    log "r$r $v: ${d} s, ${m} MB/s, server CPU ${c} s, client CPU ${cc} s (load $la)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$v" "$r" "$d" "$m" "$c" "$cc" >> "$work/rounds.tsv"
  done
  order=("${order[@]:1}" "${order[0]}")   # rotate, so no variant always runs first
done

echo "| ${SIZE_MIB} MiB, PATCH $CHUNK, median of $ROUNDS | MB/s | server CPU | client CPU | / @tus/server (MB/s) |"
echo "|---|---|---|---|---|"
awk -F'\t' '
  { mbs[$1] = mbs[$1] " " $4; cpu[$1] = cpu[$1] " " $5; ccpu[$1] = ccpu[$1] " " $6; if (!($1 in seen)) { seen[$1] = 1; names[++n] = $1 } }
  function median(list,   a, k, i, j, t) {
    k = split(list, a, " ")
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
  }
  END {
    base = median(mbs["tusd"])
    for (i = 1; i <= n; i++) printf "| %s | %.1f | %.2f s | %.2f s | %.2f |\n", names[i], median(mbs[names[i]]), median(cpu[names[i]]), median(ccpu[names[i]]), base ? median(mbs[names[i]]) / base : 0
  }' "$work/rounds.tsv"
