#!/usr/bin/env bash
# Times the archive's migrations on a province's volume (docs/benchmarks.md, "The posts by month
# too"): 032 (the versions by month) and 035 (the posts by month, their identity in post_keys).
#
# Usage: bench/upgrade_bench.sh URL
#
#   URL: a PostgreSQL database migrated to 035 or later that holds the archive, e.g. the province
#   that `bench/province_bench.sh --keep` leaves (postgresql://…/province). The database is CHANGED:
#   put back in 031's shape (bench/upgrade/undo_035.sql, then undo_032.sql: posts and versions in
#   one table each, 007's trigram index), then migrated again through 032 and 035 as storage::Migrate
#   runs them, each file in one transaction, timed. Never point it at a database you need.
set -euo pipefail
cd "$(dirname "$0")/.."
url=${1:?usage: bench/upgrade_bench.sh URL}
q() { psql -X -v ON_ERROR_STOP=1 -q "$url" "$@" >/dev/null; }
one() { psql -X -At "$url" -c "$1"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

[[ $(one "SELECT COALESCE(MAX(version), 0) FROM schema_migrations") -ge 35 ]] ||
  { echo "the database is not at migration 035" >&2; exit 2; }
echo "posts $(one "SELECT COUNT(*) FROM posts"), versions $(one "SELECT COUNT(*) FROM post_versions")"
t=$(now)
# 034's shape: undo_035.sql, then 032's functions as that migration made them, in one transaction.
{ cat bench/upgrade/undo_035.sql
  sed -n '/^CREATE FUNCTION/,/^END \$\$;/p' migrations/postgres/032_version_months.sql
  echo "COMMIT;"; } | psql -X -v ON_ERROR_STOP=1 -q "$url" >/dev/null
q -f bench/upgrade/undo_032.sql
q -c "VACUUM ANALYZE"
echo "put back in 031's shape in $(secs "$t" "$(now)") s (not part of the upgrade)"
for m in 032_version_months 035_post_months; do
  t=$(now)
  q -1 -f "migrations/postgres/$m.sql"
  echo "migration $m: $(secs "$t" "$(now)") s"
  q -c "INSERT INTO schema_migrations (version, applied_at) VALUES (${m:0:3}::int, 'upgrade_bench')"
done
echo "posts $(one "SELECT COUNT(*) FROM posts") in $(one "SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'posts'::regclass") partitions, versions $(one "SELECT COUNT(*) FROM post_versions"); in the default partitions: $(one "SELECT (SELECT COUNT(*) FROM posts_default) + (SELECT COUNT(*) FROM post_versions_default)")"
