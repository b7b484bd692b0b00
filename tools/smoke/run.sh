#!/usr/bin/env bash
# README's main command (`npm run smoke`): install, bring the platform up, build, run the smoke
# scenario through the libraries against the real PostgreSQL and RabbitMQ.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -d node_modules/.bin ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "smoke: installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
bash tools/services/start.sh postgres rabbitmq
# The audit chain's HMAC key lives outside the database and the repo. For local runs it is
# generated once into the user's config directory; deployments set AUDIT_HMAC_KEY instead.
if [ -z "${AUDIT_HMAC_KEY:-}" ] && [ -z "${AUDIT_HMAC_KEY_FILE:-}" ]; then
  key_file="${XDG_CONFIG_HOME:-$HOME/.config}/baton/audit-hmac.key"
  if [ ! -f "$key_file" ]; then
    mkdir -p "$(dirname "$key_file")"
    (umask 077; node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" > "$key_file")
    echo "smoke: generated a local audit key in $key_file"
  fi
  export AUDIT_HMAC_KEY_FILE="$key_file"
fi
echo "smoke: building"
npm run build --silent
node tools/runtime/run.js dist/out-tsc/tools/smoke/smoke.js
