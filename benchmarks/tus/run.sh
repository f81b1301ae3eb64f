#!/usr/bin/env bash
# Issue 14's tus benchmark: the same tus-js-client 4.3.1 script (upload.mjs) against Uploader's /go-uploader/tus/ and
# against @tus/server 2.4.5 with @tus/file-store 2.1.1 (tusd-server.mjs), in one run, rounds alternating; plus the
# chunked API's figure for the same file through the project's CLI (uploader upload).
#
#   bash benchmarks/tus/run.sh                    # 1 GiB, one PATCH and 64 MiB PATCHes, 3 rounds each, ~6 min
#   SIZE_MIB=256 ROUNDS=1 CLI=0 bash benchmarks/tus/run.sh   # a quick look
#
# Environment (all optional):
#   SIZE_MIB=1024     size of the random test file
#   ROUNDS=3          rounds per PATCH size; each round uploads once to each server, the order alternating
#   CHUNKS="inf 64"   PATCH sizes: inf = tus-js-client's default (chunkSize Infinity, one PATCH), or MiB; pN = Uploader
#                     with parallelUploads N (concatenation) against @tus/server's one PATCH (@tus/file-store 2.1.1
#                     does not offer concatenation)
#   WARMUP_MIB=64     one untimed upload of this size to each server first (0: none)
#   CLI=1             also upload the file with `uploader upload FILE --json` (4 chunks in flight; 0: skip)
#   CLI_CHUNKS="8 64" chunk sizes (MiB) of those CLI uploads, one upload each
#   BUILD=1           `dotnet build -c Release` of src/Uploader.Api (and src/Uploader.Cli) first (0: use what is built)
#   KEEP=1            keep the work folder (/tmp/uploader-tus-bench.*)
#   UPLOADER_ROOT=DIR build and measure the server and CLI of another tree (e.g. `git archive REV | tar -x -C DIR`)
#   REPORT=FILE       also write the Markdown report to FILE
#
# Uploader runs from its build output (src/Uploader.Api/bin/Release/net10.0) with a temp config: 127.0.0.1, auth on,
# its own upload, merged and data folders, everything else the embedded defaults (md5 and fsync on). "upload done"
# is the tus client's success; "file complete" is when upload_status says completed (the merge into merged_dir
# runs after the last byte); the md5 in upload_status must equal the source's. For @tus/server the file is
# complete at the client's success; the md5 of its stored file must equal the source's. Exits 1 on any mismatch.
# Needs node >= 20.19 and npm (npm ci from package-lock.json when node_modules is missing), curl, dotnet.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../harness.sh
. "$here/../harness.sh"
# The tree whose server (and CLI) is built and measured: this one, or UPLOADER_ROOT (e.g. an export of another commit).
root=$(cd "${UPLOADER_ROOT:-$here/../..}" && pwd)

SIZE_MIB=${SIZE_MIB:-1024}
ROUNDS=${ROUNDS:-3}
CHUNKS=${CHUNKS:-"inf 64"}
WARMUP_MIB=${WARMUP_MIB:-64}
size=$((SIZE_MIB * 1024 * 1024))
key=bench-key-0123456789abcdef
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }   # user + system CPU of a process, 1/CLK_TCK s
cpu_s() { awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }'; }

[ -d "$here/node_modules" ] || (cd "$here" && npm ci --no-audit --no-fund)
if [ "${BUILD:-1}" != 0 ]; then
  log "dotnet build -c Release src/Uploader.Api"
  dotnet build -c Release "$root/src/Uploader.Api" --nologo -v quiet >/dev/null
  if [ "${CLI:-1}" != 0 ]; then
    log "dotnet build -c Release src/Uploader.Cli"
    dotnet build -c Release "$root/src/Uploader.Cli" --nologo -v quiet >/dev/null
  fi
fi
api_dll="$root/src/Uploader.Api/bin/Release/net10.0/Uploader.Api.dll"
cli_dll="$root/src/Uploader.Cli/bin/Release/net10.0/uploader.dll"
[ -f "$api_dll" ] || { echo "no $api_dll (BUILD=1 builds it)" >&2; exit 1; }

work=$(mktemp -d /tmp/uploader-tus-bench.XXXXXX)
server=""; tusd=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "$tusd" ] && kill "$tusd" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
results="$work/results.tsv"
: > "$results"

# --- Uploader ------------------------------------------------------------------------------------------------
port=$(free_port)
mkdir -p "$work/data"
cat > "$work/config.json" <<JSON
{"port":$port,"listen_address":"127.0.0.1","upload_dir":"$work/upload","merged_dir":"$work/merged",
 "database":"$work/data/uploader.db","secret_key":"$key","enable_auth":true,"log_level":"warn",
 "min_free_disk_bytes":0,"max_file_size":$((size > 4294967296 ? size : 4294967296))}
JSON
base="http://127.0.0.1:$port/go-uploader"
dotnet "$api_dll" --config "$work/config.json" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do curl -sf "$base/health/live" >/dev/null && break; sleep 0.2; done
curl -sf "$base/health/live" >/dev/null || { cat "$work/server.log" >&2; exit 1; }
log "Uploader pid $server on $base/tus/ (log: $work/server.log)"

# --- @tus/server -----------------------------------------------------------------------------------------------
tport=$(free_port)
mkdir -p "$work/tus-store"
node "$here/tusd-server.mjs" "$tport" "$work/tus-store" > "$work/tusd.log" 2>&1 &
tusd=$!
for _ in $(seq 1 100); do grep -q listening "$work/tusd.log" 2>/dev/null && break; sleep 0.1; done
grep -q listening "$work/tusd.log" || { cat "$work/tusd.log" >&2; exit 1; }
log "@tus/server $(node -p "require('$here/node_modules/@tus/server/package.json').version") pid $tusd on http://127.0.0.1:$tport/files/"

# --- one upload to each ------------------------------------------------------------------------------------------
status_of() { curl -sf -H "X-Secret-Key: $key" "$base/upload_status?file_id=$1"; }
json_field() { node -e 'const o = JSON.parse(process.argv[1]); const v = o[process.argv[2]]; console.log(v === undefined ? "" : v)' "$1" "$2"; }

# upload_uploader FILE CHUNK → prints "done_s complete_s mb_s_done mb_s_complete merge_wait_s server_cpu_s client_cpu_s"
upload_uploader() {
  local file=$1 chunk=$2 out t_exit id st wait_s done_s complete_s bytes md5_got c0 cpu
  local args=("$base/tus/" "$file" --header "X-Secret-Key:$key")
  case "$chunk" in inf) ;; p*) args+=(--parallel "${chunk#p}") ;; *) args+=(--chunk-mib "$chunk") ;; esac
  c0=$(ticks "$server")
  if ! out=$(node "$here/upload.mjs" "${args[@]}"); then
    echo "Uploader: tus client failed: $out" >&2; tail -20 "$work/server.log" >&2; return 1
  fi
  t_exit=$(now)
  id=${out##*\"url\":\"}; id=${id%%\"*}; id=${id%/}; id=${id##*/}
  for _ in $(seq 1 6000); do   # up to 5 minutes of merge
    st=$(status_of "$id" || true)
    case "$st" in *'"status":"completed"'*|*'"status":"failed"'*) break ;; esac
    sleep 0.05
  done
  wait_s=$(since "$t_exit")
  cpu=$(cpu_s "$c0" "$(ticks "$server")")
  case "$st" in *'"status":"completed"'*) ;; *) echo "Uploader: $id did not complete: $st" >&2; tail -20 "$work/server.log" >&2; return 1 ;; esac
  md5_got=$(json_field "$st" md5)
  [ "$md5_got" = "$md5" ] || { echo "Uploader: md5 of $id is $md5_got, source $md5" >&2; return 1; }
  done_s=$(json_field "$out" elapsed_s); bytes=$(json_field "$out" bytes)
  complete_s=$(awk -v a="$done_s" -v b="$wait_s" 'BEGIN { printf "%.3f", a + b }')
  rm -f "$work/merged/$(basename "$file")"   # the next round's file lands under the same name
  awk -v d="$done_s" -v c="$complete_s" -v n="$bytes" -v w="$wait_s" -v cpu="$cpu" -v cc="$(json_field "$out" client_cpu_s)" \
    'BEGIN { printf "%s %s %.1f %.1f %s %s %s\n", d, c, n / 1e6 / d, n / 1e6 / c, w, cpu, cc }'
}

# upload_tusd FILE CHUNK → prints "done_s mb_s server_cpu_s client_cpu_s"
upload_tusd() {
  local file=$1 chunk=$2 out id got c0 cpu
  local args=("http://127.0.0.1:$tport/files/" "$file")
  case "$chunk" in inf|p*) ;; *) args+=(--chunk-mib "$chunk") ;; esac
  c0=$(ticks "$tusd")
  if ! out=$(node "$here/upload.mjs" "${args[@]}"); then
    echo "@tus/server: tus client failed: $out" >&2; tail -20 "$work/tusd.log" >&2; return 1
  fi
  cpu=$(cpu_s "$c0" "$(ticks "$tusd")")
  id=${out##*\"url\":\"}; id=${id%%\"*}; id=${id%/}; id=${id##*/}
  got=$(md5sum "$work/tus-store/$id" | cut -c1-32)
  [ "$got" = "$md5" ] || { echo "@tus/server: md5 of $id is $got, source $md5" >&2; return 1; }
  rm -f "$work/tus-store/$id" "$work/tus-store/$id.json"
  echo "$(json_field "$out" elapsed_s) $(json_field "$out" mb_s) $cpu $(json_field "$out" client_cpu_s)"
}

# --- files ---------------------------------------------------------------------------------------------------
log "generating ${SIZE_MIB} MiB of random data (load average $(loadavg))"
head -c "$size" /dev/urandom > "$work/source.bin"
if [ "$WARMUP_MIB" -gt 0 ]; then
  head -c $((WARMUP_MIB * 1024 * 1024)) /dev/urandom > "$work/warmup.bin"
  md5=$(md5sum "$work/warmup.bin" | cut -c1-32)
  log "warm-up: ${WARMUP_MIB} MiB to each"
  upload_uploader "$work/warmup.bin" inf >/dev/null
  upload_tusd "$work/warmup.bin" inf >/dev/null
fi
md5=$(md5sum "$work/source.bin" | cut -c1-32)
log "source md5 $md5"
put load_start "$(loadavg)"

# --- rounds ----------------------------------------------------------------------------------------------------
printf '%s\n' "| PATCH | round | load avg | Uploader upload done | Uploader file complete (merge wait) | Uploader CPU | @tus/server | @tus/server CPU | done / @tus | complete / @tus |" "|---|---|---|---|---|---|---|---|---|---|" > "$work/rounds.md"
for chunk in $CHUNKS; do
  for r in $(seq 1 "$ROUNDS"); do
    order="uploader tusd"; [ $((r % 2)) = 0 ] && order="tusd uploader"
    la=$(loadavg)
    for who in $order; do
      if [ "$who" = uploader ]; then
        read -r u_done u_complete u_mbs u_cmbs u_wait u_cpu u_ccpu < <(upload_uploader "$work/source.bin" "$chunk") || exit 1
        log "$chunk r$r Uploader: done ${u_done} s (${u_mbs} MB/s), complete ${u_complete} s (${u_cmbs} MB/s, merge wait ${u_wait} s), server CPU ${u_cpu} s, client CPU ${u_ccpu} s"
      else
        read -r t_done t_mbs t_cpu t_ccpu < <(upload_tusd "$work/source.bin" "$chunk") || exit 1
        log "$chunk r$r @tus/server: done ${t_done} s (${t_mbs} MB/s), server CPU ${t_cpu} s, client CPU ${t_ccpu} s"
      fi
    done
    [ -n "${u_done:-}" ] && [ -n "${t_done:-}" ] || { echo "a round failed" >&2; exit 1; }
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$chunk" "$r" "$la" "$u_done" "$u_mbs" "$u_complete" "$u_cmbs" "$u_wait" "$t_done" "$t_mbs" "$u_cpu" "$t_cpu" >> "$work/rounds.tsv"
    awk -v c="$chunk" -v r="$r" -v la="$la" -v ud="$u_done" -v um="$u_mbs" -v uc="$u_complete" -v ucm="$u_cmbs" -v uw="$u_wait" -v td="$t_done" -v tm="$t_mbs" -v ucpu="$u_cpu" -v tcpu="$t_cpu" \
      'BEGIN { printf "| %s | %s | %s | %s s, %s MB/s | %s s, %s MB/s (%s s) | %s s | %s s, %s MB/s | %s s | %.2f | %.2f |\n", c, r, la, ud, um, uc, ucm, uw, ucpu, td, tm, tcpu, td / ud, td / uc }' >> "$work/rounds.md"
    u_done=""; t_done=""
  done
done

# --- the chunked API, for the same file --------------------------------------------------------------------------
cli_line=""
if [ "${CLI:-1}" != 0 ]; then
  if [ -f "$cli_dll" ]; then
    for c in ${CLI_CHUNKS:-8 64}; do
      la=$(loadavg)
      t0=$(now)
      out=$(UPLOADER_KEY=$key dotnet "$cli_dll" upload "$work/source.bin" --server "http://127.0.0.1:$port" \
             --chunk-size "${c}MiB" --json 2>>"$work/cli.log") \
        || { echo "CLI upload failed: $out" >&2; tail -20 "$work/server.log" >&2; exit 1; }
      el=$(since "$t0")
      grep -q "\"md5\":\"$md5\"" <<<"$out" || { echo "CLI: md5 differs: $out" >&2; exit 1; }
      rm -f "$work/merged/source.bin"
      log "CLI ($c MiB chunks, 4 in flight, upload + merge): ${el} s, load $la"
      cli_line+="${cli_line:+; }$c MiB chunks $(awk -v e="$el" -v n="$size" 'BEGIN { printf "%.3f s (%.1f MB/s)", e, n / 1e6 / e }') at load ${la%% *}"
    done
  else
    log "no $cli_dll: CLI skipped"
  fi
fi

# --- report ------------------------------------------------------------------------------------------------------
{
  echo "tus benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), ${SIZE_MIB} MiB, $(nproc) cores, node $(node -v), load at start $(get load_start), at end $(loadavg)"
  echo
  cat "$work/rounds.md"
  echo
  echo "| PATCH | Uploader done, best / median | Uploader complete, best / median | @tus/server, best / median | ratio done (median) | ratio complete (median) | server CPU, median: Uploader / @tus/server |"
  echo "|---|---|---|---|---|---|---|"
  for chunk in $CHUNKS; do
    awk -F'\t' -v c="$chunk" '
      function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
      $1 == c { n++; d[n] = $5; cm[n] = $7; t[n] = $10; uc[n] = $11; tc[n] = $12 }
      END { if (!n) exit; md = med(d, n); mc = med(cm, n); mt = med(t, n); muc = med(uc, n); mtc = med(tc, n)
            printf "| %s | %.1f / %.1f MB/s | %.1f / %.1f MB/s | %.1f / %.1f MB/s | %.2f | %.2f | %.2f / %.2f s |\n", c, d[n], md, cm[n], mc, t[n], mt, md / mt, mc / mt, muc, mtc }' "$work/rounds.tsv"
  done
  [ -n "$cli_line" ] && { echo; echo "chunked API (uploader upload --json, 4 chunks in flight, upload + merge with md5, same server and file): $cli_line"; }
  if grep -qE '\b(ERR|FTL|WRN)\b|Exception' "$work/server.log"; then echo; echo "Uploader log (warnings and errors):"; grep -E '\b(ERR|FTL|WRN)\b|Exception' "$work/server.log" | head -20; fi
} | tee "$work/report.md"
[ -n "${REPORT:-}" ] && cp "$work/report.md" "$REPORT"
exit 0
