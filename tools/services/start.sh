#!/usr/bin/env bash
# Starts PostgreSQL and RabbitMQ on this machine kind (Debian packages, no systemd) when they
# are not answering, and waits until both accept connections. Safe to run repeatedly.
# Usage: bash tools/services/start.sh [postgres] [rabbitmq]
set -euo pipefail

wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(postgres rabbitmq)

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local name=$1 port=$2
  for _ in $(seq 1 120); do
    if port_open "$port"; then echo "services: $name is up on 127.0.0.1:$port"; return 0; fi
    sleep 0.5
  done
  echo "services: $name did not come up on 127.0.0.1:$port within 60 s" >&2
  return 1
}

start_postgres() {
  if port_open 5432; then echo "services: postgres already up"; return 0; fi
  echo "services: starting postgres"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  wait_port postgres 5432
}

start_rabbitmq() {
  if port_open 5672 && rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; then
    echo "services: rabbitmq already up"; return 0
  fi
  if ! port_open 5672; then
    echo "services: starting rabbitmq"
    rabbitmq-server -detached || true
  fi
  wait_port rabbitmq 5672
  # The port opens before the AMQP listener is fully ready on first boot.
  rabbitmq-diagnostics -q --timeout 60 check_running >/dev/null 2>&1 || true
}

for service in "${wanted[@]}"; do
  case "$service" in
    postgres) start_postgres ;;
    rabbitmq) start_rabbitmq ;;
    *) echo "services: unknown service '$service' (known: postgres, rabbitmq)" >&2; exit 2 ;;
  esac
done
