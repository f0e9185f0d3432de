#!/usr/bin/env bash
# The long soak: 2,000 sockets for 30 minutes by default (override SOAK_SOCKETS, SOAK_MINUTES,
# SOAK_SESSIONS, SOAK_INTERVAL_MS). CI runs the short one (300 sockets, 3 minutes) with npm run test:soak.
set -euo pipefail
cd "$(dirname "$0")/.."
export SOAK_SOCKETS="${SOAK_SOCKETS:-2000}"
export SOAK_MINUTES="${SOAK_MINUTES:-30}"
export SOAK_SESSIONS="${SOAK_SESSIONS:-8}"
ulimit -n 65536 2>/dev/null || true
npm run test:soak -- "$@"
