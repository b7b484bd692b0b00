#!/usr/bin/env bash
# README's main command (`npm run demo`): install, bring PostgreSQL and RabbitMQ up, build, then run
# every vertical's demo, or the one --vertical names (tools/demo/demo-cli.ts), with the arguments given, e.g.
# `npm run demo -- --size 100 --model-latency-ms 0`. The demo makes its own audit key for the run,
# so it needs no AUDIT_HMAC_KEY.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/services/prepare-local.sh
node tools/runtime/run.js dist/out-tsc/tools/demo/demo-cli.js "$@"
