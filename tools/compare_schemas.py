#!/usr/bin/env python3
"""Compares the schema the SQLite migrations build with the one the PostgreSQL migrations build.

    tools/compare_schemas.py [--build] [--quiet] SQLITE_FILE PG_URL

SQLITE_FILE is a database made by migrations/sqlite/*.sql in order (with --build the tool makes it
first, replacing the file); PG_URL a database where migrations/postgres/*.sql were applied in order.
For every table it lists, side by side, the columns (type class, nullability, default, whether the
store assigns the value), the primary key, the UNIQUE constraints, the foreign keys, the number of
CHECK constraints, the named indexes (columns, unique, partial) and the triggers; then it prints
every difference, each marked expected (a difference docs/postgres.md explains, listed in EXPECTED
below) or UNEXPECTED. The exit status is 1 when there is an unexpected difference.

Only the Python standard library and the `psql` client are used.
"""

import argparse
import os
import re
import sqlite3
import subprocess
import sys

# Differences that are intended; docs/postgres.md says why.
EXPECTED = {
    # 007/028: SQLite's full-text index is a file of its own (storage/search_index.h);
    # PostgreSQL has a trigram index on post_versions(text).
    "table post_versions: index post_versions_text_trgm only in PostgreSQL",
    # 001: TRUNCATE (which SQLite lacks) is refused on the append-only audit log too.
    "table audit_log: trigger audit_log_no_truncate only in PostgreSQL",
    # Natural keys that SQLite declares INTEGER PRIMARY KEY (so rowid aliases, which SQLite fills
    # when NULL is given) but the application always gives: plain BIGINT keys in PostgreSQL.
    "table calendar_years: column year: assigned by the store: sqlite=yes postgres=no",
    "table lexicon_versions: column version: assigned by the store: sqlite=yes postgres=no",
    "table review_settings: column unit_id: assigned by the store: sqlite=yes postgres=no",
    "table security_ledgers: column account_id: assigned by the store: sqlite=yes postgres=no",
    "table emergency_plans: column unit_id: assigned by the store: sqlite=yes postgres=no",
    # 032: PostgreSQL partitions the versions by their post's month: its keys hold the partition
    # key, as PostgreSQL requires (the months' partitions are not listed as tables); SQLite's column
    # has a default only because ALTER TABLE ADD COLUMN NOT NULL needs one.
    "table post_versions: primary key sqlite=('id',) postgres=('id', 'published_epoch')",
    "table post_versions: UNIQUE ('post_id', 'version') only in SQLite",
    "table post_versions: UNIQUE ('post_id', 'version', 'published_epoch') only in PostgreSQL",
    "table post_versions: column published_epoch: default sqlite=0 postgres=None",
    # 035: PostgreSQL partitions the posts by month too. A post's identity (account, kind, platform
    # id), which a partitioned table cannot keep unique, and its id, which the other tables
    # reference, live in post_keys; the posts are keyed by (id, published_epoch) and each has its key.
    "table post_keys: only in PostgreSQL",
    "table posts: column id: assigned by the store: sqlite=yes postgres=no",
    "table posts: primary key sqlite=('id',) postgres=('id', 'published_epoch')",
    "table posts: UNIQUE ('account_id', 'kind', 'platform_post_id') only in SQLite",
    "table posts: foreign key ('id',) -> post_keys('id',) ON DELETE NO ACTION only in PostgreSQL",
}

FTS5_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")


def type_class(declared):
    """The storage class a declared type stands for (SQLite's affinity rules; PostgreSQL names)."""
    t = (declared or "").lower()
    if t in ("bigint", "integer", "smallint") or "int" in t:
        return "int"
    if t == "text" or "char" in t or "clob" in t or "text" in t:
        return "text"
    if t in ("bytea",) or "blob" in t or t == "":
        return "bytes"
    if "real" in t or "floa" in t or "doub" in t:
        return "real"
    return "numeric"


def norm_default(expr):
    """A default expression without PostgreSQL's casts and parentheses, so both sides compare."""
    if expr is None:
        return None
    e = expr.strip()
    while e.startswith("(") and e.endswith(")"):
        e = e[1:-1].strip()
    e = re.sub(r"::(text|bigint|integer|smallint|double precision|real|numeric|bytea|character varying)$", "", e)
    e = e.strip()
    if re.fullmatch(r"'-?\d+(\.\d+)?'", e):  # PostgreSQL quotes a negative number: '-1'::integer
        e = e[1:-1]
    try:
        number = float(e)
    except ValueError:
        return e
    return str(int(number)) if number.is_integer() else repr(number)


def strip_sql_noise(sql):
    """SQL without comments and string literals (to count CHECK clauses)."""
    sql = re.sub(r"'(?:[^']|'')*'", "''", sql)
    return re.sub(r"--[^\n]*", "", sql)


class Table:
    def __init__(self):
        self.columns = {}  # name -> dict(type, notnull, default, auto)
        self.order = []
        self.pk = ()
        self.uniques = set()  # tuples of column names
        self.fks = set()  # (cols, table, ref cols, on delete)
        self.checks = 0
        self.indexes = {}  # name -> (columns, unique, partial)
        self.triggers = set()
        self.note = ""


def read_sqlite(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    tables = {}
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name <> 'schema_migrations' ORDER BY name").fetchall()
    virtual = {name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")}
    skipped = []
    for name, sql in rows:
        if any(name == v + s for v in virtual for s in FTS5_SHADOW_SUFFIXES):
            skipped.append(name)
            continue
        t = Table()
        tables[name] = t
        if name in virtual:
            m = re.search(r"USING\s+(\w+)", sql, re.I)
            t.note = f"virtual table, {m.group(1).lower() if m else '?'}"
            continue
        info = db.execute(f'PRAGMA table_xinfo("{name}")').fetchall()
        pk_cols = sorted((r for r in info if r[5] > 0), key=lambda r: r[5])
        t.pk = tuple(r[1] for r in pk_cols)
        rowid_alias = len(pk_cols) == 1 and (pk_cols[0][2] or "").upper() == "INTEGER"
        for cid, cname, ctype, notnull, dflt, pk, hidden in info:
            auto = rowid_alias and pk > 0
            # A PRIMARY KEY column is NOT NULL in PostgreSQL whatever it says; SQLite's rowid alias
            # cannot hold NULL either. (Other SQLite key columns accept NULL unless declared NOT
            # NULL, a legacy quirk docs/postgres.md mentions; they are compared as NOT NULL.)
            t.columns[cname] = dict(type=type_class(ctype), notnull=bool(notnull) or pk > 0,
                                    default=norm_default(dflt), auto=auto)
            t.order.append(cname)
        for seq, iname, unique, origin, partial in db.execute(f'PRAGMA index_list("{name}")').fetchall():
            cols = tuple(r[2] if r[2] is not None else "<expr>"
                         for r in db.execute(f'PRAGMA index_info("{iname}")').fetchall())
            if origin == "u":
                t.uniques.add(cols)
            elif origin == "c":
                t.indexes[iname] = (cols, bool(unique), bool(partial))
        fks = {}
        for fid, seq, rtable, cfrom, cto, on_update, on_delete, match in db.execute(
                f'PRAGMA foreign_key_list("{name}")').fetchall():
            f = fks.setdefault(fid, dict(cols=[], table=rtable, to=[], on_delete=on_delete))
            f["cols"].append(cfrom)
            f["to"].append(cto)
        for f in fks.values():
            t.fks.add((tuple(f["cols"]), f["table"], tuple(f["to"]), f["on_delete"].upper()))
        t.checks = len(re.findall(r"\bCHECK\s*\(", strip_sql_noise(sql), re.I))
        for (tg,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (name,)):
            t.triggers.add(tg)
    return tables, skipped


def psql(url, sql):
    out = subprocess.run(["psql", url, "-X", "-A", "-t", "-q", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def read_postgres(url):
    tables = {}
    for (name,) in psql(url, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
                             "AND c.relname <> 'schema_migrations' ORDER BY 1"):
        tables[name] = Table()
    for tname, cname, ctype, notnull, dflt, ident in psql(url, """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               coalesce(pg_get_expr(d.adbin, d.adrelid), '\\N'), a.attidentity
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attnum"""):
        if tname not in tables:
            continue
        t = tables[tname]
        # A sequence's nextval as the default assigns the value as an identity column does (032: a
        # partitioned table cannot have an identity column before PostgreSQL 17).
        serial = dflt.startswith("nextval(")
        t.columns[cname] = dict(type=type_class(ctype), notnull=notnull == "t",
                                default=None if dflt == "\\N" or serial else norm_default(dflt),
                                auto=ident in ("a", "d") or serial)
        t.order.append(cname)
    deltype = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
    for tname, contype, cols, rtable, rcols, ondel in psql(url, """
        SELECT c.relname, con.contype,
               (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num),
               coalesce(r.relname, ''),
               coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                         FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num), ''),
               con.confdeltype
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_class r ON r.oid = con.confrelid
        WHERE n.nspname = 'public' ORDER BY 1, 2, 3"""):
        t = tables.get(tname)
        if t is None:
            continue
        cols_t = tuple(cols.split(",")) if cols else ()
        if contype == "p":
            t.pk = cols_t
        elif contype == "u":
            t.uniques.add(cols_t)
        elif contype == "f":
            # 035: a post's id lives in post_keys on PostgreSQL (the posts are partitioned by month),
            # in posts on SQLite: a reference to either is a reference to the post. The posts' own
            # key to post_keys stays as it is (listed in EXPECTED).
            if rtable == "post_keys" and tname != "posts":
                rtable = "posts"
            t.fks.add((cols_t, rtable, tuple(rcols.split(",")), deltype.get(ondel, ondel)))
        elif contype == "c":
            t.checks += 1
    for tname, iname, unique, partial, cols in psql(url, """
        SELECT t.relname, i.relname, ix.indisunique, ix.indpred IS NOT NULL,
               (SELECT string_agg(pg_get_indexdef(ix.indexrelid, k, true), ',' ORDER BY k)
                FROM generate_series(1, ix.indnkeyatts) k)
        FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = ix.indexrelid)
        ORDER BY 1, 2"""):
        t = tables.get(tname)
        if t is None:
            continue
        t.indexes[iname] = (tuple(c if re.fullmatch(r"\w+", c) else "<expr>" for c in cols.split(",")),
                            unique == "t", partial == "t")
    for tname, tg in psql(url, """
        SELECT c.relname, tg.tgname FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT tg.tgisinternal"""):
        if tname in tables:
            tables[tname].triggers.add(tg)
    return tables


def describe_column(c):
    if c is None:
        return "-"
    s = c["type"] + (" NOT NULL" if c["notnull"] else "")
    if c["default"] is not None:
        s += " DEFAULT " + c["default"]
    if c["auto"]:
        s += " (assigned)"
    return s


def describe_index(i):
    cols, unique, partial = i
    return ("UNIQUE " if unique else "") + "(" + ", ".join(cols) + ")" + (" WHERE …" if partial else "")


def compare(lite, pg):
    diffs = []
    for name in sorted(set(lite) | set(pg)):
        a, b = lite.get(name), pg.get(name)
        if a is None:
            diffs.append(f"table {name}: only in PostgreSQL")
            continue
        if b is None:
            diffs.append(f"table {name}: only in SQLite" + (f" ({a.note})" if a.note else ""))
            continue
        p = f"table {name}: "
        for col in a.order + [c for c in b.order if c not in a.columns]:
            ca, cb = a.columns.get(col), b.columns.get(col)
            if ca is None or cb is None:
                diffs.append(p + f"column {col} only in " + ("PostgreSQL" if ca is None else "SQLite"))
                continue
            if ca["type"] != cb["type"]:
                diffs.append(p + f"column {col}: type sqlite={ca['type']} postgres={cb['type']}")
            if ca["notnull"] != cb["notnull"]:
                diffs.append(p + f"column {col}: NOT NULL sqlite={ca['notnull']} postgres={cb['notnull']}")
            if ca["default"] != cb["default"]:
                diffs.append(p + f"column {col}: default sqlite={ca['default']} postgres={cb['default']}")
            if ca["auto"] != cb["auto"]:
                yn = lambda v: "yes" if v else "no"
                diffs.append(p + f"column {col}: assigned by the store: sqlite={yn(ca['auto'])} "
                             f"postgres={yn(cb['auto'])}")
        if a.pk != b.pk:
            diffs.append(p + f"primary key sqlite={a.pk} postgres={b.pk}")
        for u in sorted(a.uniques ^ b.uniques):
            diffs.append(p + f"UNIQUE {u} only in " + ("SQLite" if u in a.uniques else "PostgreSQL"))
        for f in sorted(a.fks ^ b.fks):
            diffs.append(p + f"foreign key {f[0]} -> {f[1]}{f[2]} ON DELETE {f[3]} only in "
                         + ("SQLite" if f in a.fks else "PostgreSQL"))
        if a.checks != b.checks:
            diffs.append(p + f"CHECK constraints sqlite={a.checks} postgres={b.checks}")
        for i in sorted(set(a.indexes) | set(b.indexes)):
            ia, ib = a.indexes.get(i), b.indexes.get(i)
            if ia is None or ib is None:
                diffs.append(p + f"index {i} only in " + ("PostgreSQL" if ia is None else "SQLite"))
            elif ia != ib:
                diffs.append(p + f"index {i}: sqlite={describe_index(ia)} postgres={describe_index(ib)}")
        for tg in sorted(a.triggers ^ b.triggers):
            diffs.append(p + f"trigger {tg} only in " + ("SQLite" if tg in a.triggers else "PostgreSQL"))
    return diffs


def listing(lite, pg):
    for name in sorted(set(lite) | set(pg)):
        a, b = lite.get(name) or Table(), pg.get(name) or Table()
        print(f"== {name}" + (f"  [{a.note}]" if a.note else ""))
        for col in a.order + [c for c in b.order if c not in a.columns]:
            print(f"   {col:28} sqlite: {describe_column(a.columns.get(col)):40} "
                  f"postgres: {describe_column(b.columns.get(col))}")
        print(f"   primary key   sqlite: {', '.join(a.pk) or '-'}   postgres: {', '.join(b.pk) or '-'}")
        for u in sorted(a.uniques | b.uniques):
            print(f"   UNIQUE ({', '.join(u)})   sqlite: {'yes' if u in a.uniques else 'no'}   "
                  f"postgres: {'yes' if u in b.uniques else 'no'}")
        for f in sorted(a.fks | b.fks):
            print(f"   FK ({', '.join(f[0])}) -> {f[1]}({', '.join(f[2])})   sqlite: {'yes' if f in a.fks else 'no'}"
                  f"   postgres: {'yes' if f in b.fks else 'no'}")
        if a.checks or b.checks:
            print(f"   CHECK constraints   sqlite: {a.checks}   postgres: {b.checks}")
        for i in sorted(set(a.indexes) | set(b.indexes)):
            ia, ib = a.indexes.get(i), b.indexes.get(i)
            print(f"   index {i}   sqlite: {describe_index(ia) if ia else '-'}   "
                  f"postgres: {describe_index(ib) if ib else '-'}")
        for tg in sorted(a.triggers | b.triggers):
            print(f"   trigger {tg}   sqlite: {'yes' if tg in a.triggers else 'no'}   "
                  f"postgres: {'yes' if tg in b.triggers else 'no'}")


def build_sqlite(path):
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "migrations", "sqlite")
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    for f in sorted(os.listdir(folder)):
        if f.endswith(".sql"):
            sql = open(os.path.join(folder, f), encoding="utf-8").read()
            # As Migrate does: a file that rebuilds a referenced table runs with foreign keys off.
            if sql.startswith("-- foreign_keys: off"):
                db.execute("PRAGMA foreign_keys=OFF")
            else:
                db.execute("PRAGMA foreign_keys=ON")
            db.executescript(sql)
    db.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sqlite_file")
    ap.add_argument("pg_url")
    ap.add_argument("--build", action="store_true", help="make SQLITE_FILE from migrations/sqlite first")
    ap.add_argument("--quiet", action="store_true", help="print only the differences")
    args = ap.parse_args()
    if args.build:
        build_sqlite(args.sqlite_file)
    lite, skipped = read_sqlite(args.sqlite_file)
    pg = read_postgres(args.pg_url)
    if not args.quiet:
        listing(lite, pg)
        print()
    print(f"tables: sqlite {len(lite)}, postgres {len(pg)}"
          + (f" (FTS5 shadow tables not compared: {', '.join(skipped)})" if skipped else ""))
    diffs = compare(lite, pg)
    unexpected = [d for d in diffs if d not in EXPECTED]
    print(f"differences: {len(diffs)} ({len(diffs) - len(unexpected)} expected, {len(unexpected)} unexpected)")
    for d in diffs:
        print(("  expected    " if d in EXPECTED else "  UNEXPECTED  ") + d)
    missing = sorted(EXPECTED - set(diffs))
    for d in missing:
        print("  (an expected difference is no longer there: " + d + ")")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
