#!/usr/bin/env bash
# Sourced by demo.sh and test.sh: the servers they need, started when missing and stopped when the
# script ends (Ctrl-C too) if the script started them; a server that was already running is reused
# and left running.

stop_on_exit=()
_stop_services() { local step; for step in "${stop_on_exit[@]}"; do eval "$step"; done; }
trap _stop_services EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# With DATABASE_URL unset: the embedded PostgreSQL server (koperasi/core/db/embedded.py, data in
# .local/pg/), with DATABASE_URL and DATABASE_OWNER_URL pointed at its two roles.
use_embedded_postgres() {
  [ -n "${DATABASE_URL:-}" ] && return 0
  local pg=(.venv/bin/python -m koperasi.core.db.embedded) line
  if [ "$("${pg[@]}" start)" = started ]; then
    stop_on_exit+=(".venv/bin/python -m koperasi.core.db.embedded stop >/dev/null")
  fi
  while IFS= read -r line; do export "${line?}"; done < <("${pg[@]}" env)
}

# With REDIS_URL unset: the Redis on 127.0.0.1:6379 when one answers, else a private one on
# 127.0.0.1:6399 (nothing kept on disk).
use_test_redis() {
  [ -n "${REDIS_URL:-}" ] && return 0
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    export REDIS_URL="redis://127.0.0.1:6379/0"
    return 0
  fi
  if ! redis-cli -h 127.0.0.1 -p 6399 ping >/dev/null 2>&1; then
    mkdir -p .local/redis
    redis-server --daemonize yes --bind 127.0.0.1 --port 6399 --save "" --appendonly no \
      --dir "$PWD/.local/redis" --logfile "$PWD/.local/redis/redis.log" >/dev/null
    for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p 6399 ping >/dev/null 2>&1 && break; sleep 0.1; done
    stop_on_exit+=("redis-cli -h 127.0.0.1 -p 6399 shutdown nosave >/dev/null 2>&1 || true")
  fi
  export REDIS_URL="redis://127.0.0.1:6399/0"
}
