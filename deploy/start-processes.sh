#!/usr/bin/env bash
# Start N wall processes on one PostgreSQL store, on ports BASE_PORT .. BASE_PORT+N-1 of
# 127.0.0.1, for nginx (deploy/nginx/wallboard.conf) to spread the screens over.
#
#   WALLBOARD_DATABASE_URL=postgresql+psycopg://wall:secret@db/wallboard \
#   WALLBOARD_BUILD_ID=$(git rev-parse --short HEAD) deploy/start-processes.sh 3
#
# The schema is migrated once first; then the processes run until this script is stopped
# (Ctrl-C or SIGTERM stops them all). A process that dies is started again after 2 s.
set -euo pipefail

N="${1:-3}"
BASE_PORT="${BASE_PORT:-8051}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"

: "${WALLBOARD_DATABASE_URL:?set WALLBOARD_DATABASE_URL to the PostgreSQL store}"
# One build id for all processes, so a screen moving between them does not reload.
export WALLBOARD_BUILD_ID="${WALLBOARD_BUILD_ID:-$(date +%s)}"

"$PYTHON" "$HERE/run_wallboard.py" migrate

# Stopping this script stops every process it started (its whole process group).
trap 'trap - INT TERM; kill 0; wait' INT TERM

for ((i = 0; i < N; i++)); do
    port=$((BASE_PORT + i))
    ( while true; do
        "$PYTHON" "$HERE/run_wallboard.py" --host 127.0.0.1 --port "$port" || true
        sleep 2
      done ) &
done
wait
