#!/usr/bin/env bash
# Measures the offline plan of the dev stack against a one-resource program planned the same
# way (same jar, same JVM flags), in the same run, and prints both and their ratio: once with
# the JVM's defaults (the README's command), once tuned for a short run (C1 only, and a class
# data archive made by a first run), as a user may set through JDK_JAVA_OPTIONS.
# Usage: benchmarks/plan-speed.sh [runs]   (default 5; best and median of the runs are shown)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
jar=target/portfolio-infra.jar
archive=target/plan-bench.jsa
[ -f "$jar" ] || mvn -q -B -DskipTests package

time_once() { # prints wall seconds of one run of the given command
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f\n", ns / 1e9 }'
}

measure() { # label, command...: one warm-up, then $runs runs; prints best and median, returns median
  local label=$1; shift
  "$@" > /dev/null
  local times=()
  for _ in $(seq "$runs"); do times+=("$(time_once "$@")"); done
  local sorted; sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  local best; best=$(echo "$sorted" | head -1)
  local median; median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
  printf '  %-34s best %6.3f s   median %6.3f s   (%s runs)\n' "$label" "$best" "$median" "$runs" >&2
  echo "$median"
}

compare() { # title, JVM flags...
  local title=$1; shift
  echo "$title" >&2
  local dev ref
  dev=$(measure "plan --stack dev ($resources resources)" java "$@" -jar "$jar" plan --stack dev)
  ref=$(measure "one-resource program" java "$@" -cp "$jar" com.portfolio.infra.plan.ReferencePlan)
  awk -v a="$dev" -v b="$ref" 'BEGIN { printf "  ratio dev / one-resource (medians): %.2fx\n", a / b }' >&2
}

resources=$(java -jar "$jar" plan --stack dev | sed -n 's/^Resources by type (\([0-9]*\) in all):/\1/p')
compare "JVM defaults (java -jar ...):"
rm -f "$archive"
java -XX:ArchiveClassesAtExit="$archive" -jar "$jar" plan --stack dev > /dev/null 2>&1
compare "tuned (-XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=$archive):" \
  -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile="$archive"
