#!/usr/bin/env bash
# Fingerprint throughput against sha256sum over the same bytes.
#   benchmarks/fingerprint-throughput.sh [small_files=20000] [large_files=4] [large_mib=256]
# Java is timed inside a warm JVM (best of 3 after one warm-up; JVM start-up reported apart);
# sha256sum is timed as a whole process run (best of 3). Both read from a warm page cache.
set -euo pipefail
cd "$(dirname "$0")/.."

SMALL=${1:-20000}
LARGE=${2:-4}
LARGE_MIB=${3:-256}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fp-bench-XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "== compiling (mvn -q -DskipTests test-compile)"
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="target/classes:target/test-classes:$(cat "$WORK/cp.txt")"

echo "== creating data in $WORK"
python3 - "$WORK/small" "$SMALL" <<'PY'
import base64, os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
for i in range(n):
    d = os.path.join(root, f"d{i % 100:03d}", f"e{(i // 100) % 10}")
    os.makedirs(d, exist_ok=True)
    size = rnd.randint(1024, 8192)
    raw = os.urandom(size)
    # half text (base64 lines, exercising the CRLF path), half binary
    data = base64.encodebytes(raw)[:size] if i % 2 else raw
    with open(os.path.join(d, f"f{i}.dat"), "wb") as f:
        f.write(data)
PY
mkdir -p "$WORK/large"
for i in $(seq 1 "$LARGE"); do
  head -c "$((LARGE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/large/blob$i.bin"
done

best_sha256sum() { # prints best wall seconds of 3 runs
  local dir=$1 best=999999 t0 t1 s
  for _ in 1 2 3; do
    t0=$(date +%s.%N)
    (cd "$dir" && find . -type f -print0 | xargs -0 sha256sum > /dev/null)
    t1=$(date +%s.%N)
    s=$(echo "$t1 - $t0" | bc -l)
    best=$(echo "if ($s < $best) $s else $best" | bc -l)
  done
  printf '%.3f' "$best"
}

echo "== JVM start-up (java -version, not part of the figures below)"
t0=$(date +%s.%N); java -cp "$CP" -version >/dev/null 2>&1; t1=$(date +%s.%N)
printf 'jvm_startup_seconds=%.3f\n' "$(echo "$t1 - $t0" | bc -l)"

echo "== fingerprint (in-JVM, $(nproc) threads)"
JAVA_OUT=$(java -cp "$CP" com.portfolio.infra.buildengine.FingerprintBench 3 "$WORK/small" "$WORK/large")
echo "$JAVA_OUT"

echo "== results"
printf '%-22s %12s %10s %10s %12s %8s\n' set bytes java_MB/s sha_MB/s sha_seconds ratio
for set in small large; do
  line=$(echo "$JAVA_OUT" | grep "^$WORK/$set ")
  bytes=$(echo "$line" | sed -E 's/.* bytes=([0-9]+).*/\1/')
  java_mbs=$(echo "$line" | sed -E 's/.* mb_per_s=([0-9.]+).*/\1/')
  sha_s=$(best_sha256sum "$WORK/$set")
  sha_mbs=$(echo "$bytes / 1000000 / $sha_s" | bc -l)
  ratio=$(echo "$java_mbs / $sha_mbs" | bc -l)
  printf '%-22s %12d %10.1f %10.1f %12s %7.2fx\n' "$set" "$bytes" "$java_mbs" "$sha_mbs" "$sha_s" "$ratio"
done
echo "(ratio = fingerprint MB/s / sha256sum MB/s; target >= 0.8x)"
