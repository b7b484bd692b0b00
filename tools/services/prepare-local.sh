# Sourced by the local run scripts (demo, start, smoke) from the repo root: installs dependencies
# when package-lock.json is newer than the install, starts PostgreSQL and RabbitMQ when they are
# down, and builds. Progress goes to stderr, so a script's stdout stays its own.
if [ ! -d node_modules/.bin ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "baton: installing dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi
bash tools/services/start.sh postgres rabbitmq >&2
echo "baton: building" >&2
npm run build --silent >&2
