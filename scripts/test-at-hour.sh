#!/usr/bin/env bash
# Runs vitest with Node's clock moved back to an instant (default: yesterday 23:30 UTC, when Paris
# is already on today), to show whether a test or the code it runs takes the UTC day for the local
# one. Usage: scripts/test-at-hour.sh [-a 'yesterday 23:30'] test/api/obsolescence.test.ts ...
# libfaketime moves the clock of Node and its children only: PostgreSQL keeps the real time. Moved
# back to the day before's evening, both still agree on the Paris day (today), only the UTC days
# differ, so a failure here is a UTC day taken for a local one, on the Node side or in SQL. The
# shift grows with the hour it is run at; what compares Node's clock with now() in SQL by the minute
# holds best run soon after midnight UTC.
set -euo pipefail
at='yesterday 23:30'
if [[ "${1:-}" == "-a" ]]; then at="$2"; shift 2; fi
command -v faketime >/dev/null || { echo "faketime is missing: apt-get install -y faketime (Debian's libfaketime)" >&2; exit 1; }
target=$(date -u -d "$at" +%s)
now=$(date -u +%s)
(( target <= now )) || { echo "$at is in the future: PostgreSQL's clock cannot follow, pick an instant before now" >&2; exit 1; }
cd "$(dirname "$0")/.."
exec faketime -f "-$((now - target))s" npx vitest run "$@"
