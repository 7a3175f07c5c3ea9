#!/usr/bin/env bash
# The two stores' schemas agree (tools/compare_schemas.py): the SQLite migrations and the PostgreSQL
# migrations, each applied in order to an empty database, differ only where docs/postgres.md says
# they do. PostgreSQL run only (GOVMEDIA_TEST_POSTGRES); skipped (77) on the SQLite run.
set -euo pipefail
url="${GOVMEDIA_TEST_POSTGRES:-}"
[ -n "$url" ] || { echo "PostgreSQL only: GOVMEDIA_TEST_POSTGRES is not set"; exit 77; }
root="$(cd "$(dirname "$0")/.." && pwd)"
name="schema_cmp_$$"
base="${url%%\?*}"
db_url="${base%/*}/$name"
scratch="$(mktemp -d)"
cleanup() {
  psql "$url" -X -q -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT
psql "$url" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $name"
for f in "$root"/migrations/postgres/*.sql; do
  psql "$db_url" -X -q -v ON_ERROR_STOP=1 -1 -f "$f" >/dev/null
done
python3 "$root/tools/compare_schemas.py" --build --quiet "$scratch/schema.db" "$db_url"
