#!/usr/bin/env bash
# `npm run smoke`: install, bring the platform up, build, run the smoke
# scenario through the libraries against the real PostgreSQL and RabbitMQ.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -d node_modules/.bin ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "smoke: installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
bash tools/services/start.sh postgres rabbitmq
source tools/services/local-audit-key.sh
echo "smoke: building"
npm run build --silent
node tools/runtime/run.js dist/out-tsc/tools/smoke/smoke.js
