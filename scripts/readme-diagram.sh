#!/usr/bin/env bash
# Rewrites the prod stack's diagram embedded in README.md (between its diagram markers) from the
# offline plan of Pulumi.prod.yaml. StackDiagramTest fails while the embedded diagram is stale.
# Arguments go to Maven (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests "$@" package
java -jar target/portfolio-infra.jar plan --stack prod --diagram target/prod-diagram.md > /dev/null
python3 - <<'PY'
import re, pathlib
readme = pathlib.Path("README.md")
diagram = pathlib.Path("target/prod-diagram.md").read_text()
start, end = "<!-- prod-diagram:start -->\n", "<!-- prod-diagram:end -->"
text = readme.read_text()
if start not in text or end not in text:
    raise SystemExit("README.md has no diagram markers")
before, rest = text.split(start, 1)
_, after = rest.split(end, 1)
readme.write_text(before + start + diagram + end + after)
print("README.md: prod diagram rewritten")
PY
