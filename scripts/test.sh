#!/usr/bin/env bash
# The test command: installs what is missing, builds, runs every C++ test (CTest) on SQLite, then
# every test that touches the database again on a throwaway PostgreSQL cluster (started here with
# scripts/pg-cluster.sh, stopped and removed at the end), and the browser tests (Chromium driven by
# playwright-core).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
echo "==> C++ 测试 (ctest, SQLite)"
ctest --preset default

echo "==> C++ 测试 (ctest -L db, PostgreSQL 15)"
pg_dir=$(mktemp -d /tmp/govmedia-pg.XXXXXX)
rmdir "$pg_dir"
trap 'scripts/pg-cluster.sh stop "$pg_dir" || true' EXIT
pg_url=$(scripts/pg-cluster.sh start "$pg_dir")
GOVMEDIA_TEST_POSTGRES="$pg_url" ctest --preset default -L db
scripts/pg-cluster.sh stop "$pg_dir"
trap - EXIT

echo "==> 浏览器测试 (playwright-core + chromium)"
node --test tests/browser/
