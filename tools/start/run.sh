#!/usr/bin/env bash
# `npm start [-- --vertical <short>]`: a vertical (default: the only one, when there is one) with every role in
# one process (ROLE=all: the HTTP API on PORT, default 3000, plus orchestrator, agents, timers and
# relay) on the local PostgreSQL and RabbitMQ, started if they are down. Set ROLE=api|worker|relay
# to run one role instead. The verticals are those of tools/verticals.json.
set -euo pipefail
cd "$(dirname "$0")/../.."

usage() {
  echo "usage: npm start [-- --vertical <short>]" >&2
  exit 2
}

vertical=""
while [ $# -gt 0 ]; do
  case "$1" in
    --vertical) [ $# -ge 2 ] || usage; vertical="$2"; shift 2 ;;
    --vertical=*) vertical="${1#--vertical=}"; shift ;;
    *) usage ;;
  esac
done

# The app's folder (apps/<dir>), found before anything starts or builds so a typo fails at once.
dir=$(node -e '
  try {
    const chosen = require("./tools/runtime/vertical-choice").chooseVertical(process.argv[1], "name one with --vertical <name>");
    process.stdout.write(`${chosen.short} ${chosen.dir}`);
  } catch (error) {
    process.stderr.write(`baton: ${error.message}\n`);
    process.exit(2);
  }
' "$vertical") || exit 2
short="${dir%% *}"
dir="${dir#* }"

source tools/services/prepare-local.sh
source tools/services/local-audit-key.sh
export ROLE="${ROLE:-all}"
echo "start: $short, ROLE=$ROLE; tokens: npm run token -- --vertical $short --role <role> --tenant acme; docs: http://127.0.0.1:${PORT:-3000}/docs"
exec node tools/runtime/run.js "dist/out-tsc/apps/$dir/src/main.js"
