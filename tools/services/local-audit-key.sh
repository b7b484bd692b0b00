# Sourced by the local run scripts (smoke, start): the audit chain's HMAC key lives outside the
# database and the repo. For local runs it is generated once into the user's config directory;
# deployments set AUDIT_HMAC_KEY (or AUDIT_HMAC_KEY_FILE) instead.
if [ -z "${AUDIT_HMAC_KEY:-}" ] && [ -z "${AUDIT_HMAC_KEY_FILE:-}" ]; then
  key_file="${XDG_CONFIG_HOME:-$HOME/.config}/baton/audit-hmac.key"
  if [ ! -f "$key_file" ]; then
    mkdir -p "$(dirname "$key_file")"
    (umask 077; node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" > "$key_file")
    echo "baton: generated a local audit key in $key_file"
  fi
  export AUDIT_HMAC_KEY_FILE="$key_file"
fi
