#!/usr/bin/env bash
# Start PostgreSQL and Redis when they do not answer; never stops a running service.
set -euo pipefail

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! answers 5432; then
  echo "PostgreSQL does not answer on 5432; starting it"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
fi
if ! answers 6379; then
  echo "Redis does not answer on 6379; starting it"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi

for port in 5432 6379; do
  for _ in $(seq 1 30); do answers "$port" && break; sleep 1; done
  answers "$port" || { echo "service on port $port did not come up" >&2; exit 1; }
done
