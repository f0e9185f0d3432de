#!/usr/bin/env bash
# kill -9 the real server in the middle of chat and question traffic, CRASH_CYCLES times (default 50), and
# check after every crash that no acknowledged write was lost, nothing was duplicated and the SQLite file
# is intact (test/crash/crash.crash-spec.ts; CI runs 5 cycles through npm run test:crash).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build:server
CRASH_CYCLES="${CRASH_CYCLES:-50}" npx jest -c test/crash/jest-crash.config.js test/crash/crash.crash-spec.ts "$@"
