#!/usr/bin/env bash
# The whole test suite, as README.md gives it (`npm test`): lint and type-check, unit tests,
# then the integration and end-to-end tiers against the real PostgreSQL and RabbitMQ.
# Prints one closing line for the whole run: "baton: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."

export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false}

if [ ! -d node_modules/.bin ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "test: installing dependencies (npm ci)"
  npm ci --no-audit --no-fund || exit 1
fi

rm -rf dist/test-results
status=0
step() {
  echo
  echo "=== $1"
  shift
  "$@" || status=1
}

step "lint and type-check" npm run lint -- --parallel=2 --outputStyle=stream
# --skip-nx-cache: Nx shares its cache across clones on one machine, and a replayed task would
# not report its counts to the closing line.
step "unit tests" npx nx run-many -t test --parallel=2 --skip-nx-cache --outputStyle=stream
step "build for spawned processes" npm run build --silent
# Integration suites isolate themselves (own schema, own exchange and queue names), so
# projects could run side by side; they run one project at a time to stay inside the
# 100-connection PostgreSQL budget and the 2 cores of CI.
step "integration tests" npx nx run-many -t int --parallel=1 --outputStyle=stream
step "end-to-end tests" npx nx run-many -t e2e --parallel=1 --outputStyle=stream
# Fault suites restart shared services (the broker), so nothing else may run beside them.
step "fault tests" npx nx run-many -t fault --parallel=1 --outputStyle=stream

node tools/test/print-summary.js || status=1
exit $status
