#!/usr/bin/env bash
# Runs every test of the project: the Java suite (settings, components under the mock engine,
# policy rules, build engine against local AWS stand-ins), the jar's offline plan of both stacks,
# the training workflow's local runs (Node), the Python suites of the Lambda layer, the API routes,
# the event handlers and the ML packages, and the website's tests.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Java: unit, component, policy and build-engine tests; the runnable jar"
mvn -B -ntp package

echo "== Website: component tests, production build (which the plan then uploads), end-to-end tests in Chromium"
# npm ci only when the installed packages are missing or older than the lock file.
if [ ! -d website/node_modules ] || [ website/package-lock.json -nt website/node_modules ]; then
  (cd website && npm ci --no-audit --no-fund)
fi
(cd website && npm test && npm run build && npm run e2e)

echo "== Offline plan of every stack, as CI runs it"
for stack in dev prod; do
  java -jar target/portfolio-infra.jar plan --stack "$stack" --json "target/plan-$stack.json" > "target/plan-$stack.txt" \
    || { cat "target/plan-$stack.txt"; echo "plan --stack $stack failed"; exit 1; }
  echo "$stack: $(grep "^policy:" "target/plan-$stack.txt")"
  # The written plan must hold everything the rules need: checked again from the file, same verdict.
  java -jar target/portfolio-infra.jar check "target/plan-$stack.json" > "target/check-$stack.txt" \
    || { cat "target/check-$stack.txt"; echo "check of target/plan-$stack.json failed"; exit 1; }
  [ "$(grep "^policy:" "target/plan-$stack.txt")" = "$(grep "^policy:" "target/check-$stack.txt")" ] \
    || { echo "check of target/plan-$stack.json disagrees with plan --stack $stack"; exit 1; }
done

echo "== Node: the training workflow's definition is valid ASL, and its paths run locally"
npm ci --prefix src/test/workflow --no-audit --no-fund --loglevel=error
npm test --prefix src/test/workflow

echo "== Python: the Lambda layer, the API routes, the event handlers and the ML packages (CPU paths; torch/GPU tests run in CodeBuild)"
python3 -m pytest lambda-layer/tests routes/tests functions/tests ml-packages scripts/tests
