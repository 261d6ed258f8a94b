#!/usr/bin/env bash
# Runs every test: the Swift suite on SQLite, the same suite on a throw-away PostgreSQL, the
# smoke tests of the real binary (serve, migrate, create-user, create-token) on both databases, the
# cluster test (scripts/cluster.sh) and the dashboard's browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== building (debug, with tests)"
swift build --build-tests

echo "== Swift tests on SQLite"
swift test --skip-build

pg_log=$(mktemp)
TEST_DATABASE_URL=$(scripts/start-postgres.sh 2>"$pg_log") || { cat "$pg_log"; exit 1; }
pg_dir=$(sed -n 's/^PGDATA_DIR=//p' "$pg_log")
trap 'scripts/stop-postgres.sh "$pg_dir"' EXIT
export TEST_DATABASE_URL

echo "== Swift tests on PostgreSQL ($TEST_DATABASE_URL)"
swift test --skip-build

echo "== smoke tests of the clientele binary"
python3 -m pytest -q Tests/smoke

echo "== cluster test: scripts/cluster.sh (PostgreSQL primary + replica, three instances, nginx), an instance killed mid-load"
python3 -m pytest -q Tests/cluster

echo "== browser tests of the dashboard (Playwright, Chromium)"
python3 -m pytest -q Tests/browser
