#!/usr/bin/env bash
# `npm start`: the loan underwriting vertical with every role in one process (ROLE=all: the HTTP
# API on PORT, default 3000, plus orchestrator, agents, timers and relay) on the local PostgreSQL
# and RabbitMQ, started if they are down. Set ROLE=api|worker|relay to run one role instead.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/services/prepare-local.sh
source tools/services/local-audit-key.sh
export ROLE="${ROLE:-all}"
echo "start: ROLE=$ROLE; tokens: npm run token -- --role intake --tenant acme; docs: http://127.0.0.1:${PORT:-3000}/docs"
exec node tools/runtime/run.js dist/out-tsc/apps/loan-underwriting/src/main.js
