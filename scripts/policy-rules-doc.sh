#!/usr/bin/env bash
# Regenerates docs/POLICY-RULES.md, the policy's rule table, from the rule classes: builds the jar,
# then writes what `rules --markdown` prints. Run it after adding or changing a rule; the test
# suite fails while the committed table differs from the rules. Arguments go to Maven (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests "$@" package
java -jar target/portfolio-infra.jar rules --markdown > docs/POLICY-RULES.md.tmp
mv docs/POLICY-RULES.md.tmp docs/POLICY-RULES.md
echo "docs/POLICY-RULES.md: $(grep -cE '^\| [A-Z]+(-[A-Z0-9]+)?-[0-9]+ \|' docs/POLICY-RULES.md) rules"
