# Sourced by the benchmark scripts (after they set `root`): logging, timing, a free port, the results file and the
# server build they measure.

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free port found" >&2; exit 1
}

# `put KEY VALUE` and `get KEY` on the raw figures in $results (a file in the caller's work folder).
put() { printf '%s\t%s\n' "$1" "$2" >> "$results"; }
get() { awk -F'\t' -v k="$1" '$1 == k { v = $2 } END { print v }' "$results"; }

# Sets `app` to PUBLISH_DIR, or to a Release publish of the server made under the folder $1.
publish_server() {
  if [ -n "${PUBLISH_DIR:-}" ]; then
    app=$PUBLISH_DIR
  else
    log "publishing the server (Release)"
    app="$1/app"
    dotnet publish "$root/src/Uploader.Api" -c Release -o "$app" --nologo -v quiet >/dev/null
  fi
}
