#!/usr/bin/env bash
# `npm run smoke`: install, bring the platform up, build, run the smoke
# scenario through the libraries against the real PostgreSQL and RabbitMQ.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/services/prepare-local.sh
source tools/services/local-audit-key.sh
node tools/runtime/run.js dist/out-tsc/tools/smoke/smoke.js
