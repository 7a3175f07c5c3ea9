// Where a test's database lives. Every test that touches the database runs twice in
// scripts/test.sh: on a SQLite file, and on a real PostgreSQL server (a throwaway cluster the
// script starts, named by GOVMEDIA_TEST_POSTGRES). On PostgreSQL each test gets a database of its
// own, copied from a migrated template, and dropped when the test ends.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>

#include "storage/db.h"
#include "test_util.h"

namespace govmedia::testing {

/// The PostgreSQL server of this run (`postgresql://user@host:port/db`), or "" for SQLite.
inline std::string TestPostgresUrl() {
  const char* v = std::getenv("GOVMEDIA_TEST_POSTGRES");
  return v ? v : "";
}

/// True when this run is the PostgreSQL one.
inline bool OnPostgres() { return !TestPostgresUrl().empty(); }

/// A test that checks SQLite's own behaviour (its file, its locks) says so and is skipped on the
/// PostgreSQL run.
#define GOVMEDIA_SQLITE_ONLY(why) \
  if (::govmedia::testing::OnPostgres()) GTEST_SKIP() << "SQLite only: " << why

/// `url` with its database name replaced by `db`.
inline std::string PgUrlFor(const std::string& url, const std::string& db) {
  const size_t scheme = url.find("://");
  const size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const size_t query = url.find('?');
  const std::string base = url.substr(0, slash == std::string::npos ? std::min(query, url.size()) : slash);
  return base + "/" + db + (query == std::string::npos ? "" : url.substr(query));
}

namespace detail {

// Runs one statement on the server's maintenance database; "" when it worked, else the error.
inline std::string PgAdmin(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  std::string err;
  if (PQstatus(c) != CONNECTION_OK) {
    err = PQerrorMessage(c);
  } else {
    PGresult* r = PQexec(c, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) err = PQresultErrorMessage(r);
    PQclear(r);
  }
  PQfinish(c);
  return err;
}

// The same, tried again for a few seconds while a database it names still has connections
// closing (a backend ends a moment after its client hung up).
inline std::string PgAdminWhenFree(const std::string& url, const std::string& sql) {
  std::string error;
  for (int attempt = 0; attempt < 100; ++attempt) {
    error = PgAdmin(url, sql);
    if (error.find("being accessed by other users") == std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return error;
}

// The migrated template, made once per server by whichever test comes first (an advisory lock
// keeps the others waiting until it is ready).
inline void EnsureTemplate(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
  PQclear(PQexec(c, "SELECT pg_advisory_lock(424242)"));
  PGresult* r = PQexec(c, "SELECT 1 FROM pg_database WHERE datname = 'govmedia_template'");
  const bool exists = PQntuples(r) > 0;
  PQclear(r);
  std::string error;
  if (!exists) {
    error = PgAdmin(url, "CREATE DATABASE govmedia_template_new");
    if (error.empty()) {
      auto db = storage::OpenPostgres(PgUrlFor(url, "govmedia_template_new"));
      if (!db.ok()) {
        error = db.status().ToString();
      } else if (core::Status s = storage::Migrate(**db); !s.ok()) {
        error = s.ToString();
      }
    }
    // Renamed only once complete: a template left half-made by a killed run is never used.
    if (error.empty()) error = PgAdminWhenFree(url, "ALTER DATABASE govmedia_template_new RENAME TO govmedia_template");
    if (!error.empty()) (void)PgAdmin(url, "DROP DATABASE IF EXISTS govmedia_template_new WITH (FORCE)");
  }
  PQclear(PQexec(c, "SELECT pg_advisory_unlock(424242)"));
  PQfinish(c);
  ASSERT_TRUE(error.empty()) << "template database: " << error;
}

}  // namespace detail

/// A fresh database for one test: a SQLite file in `dir`, or a PostgreSQL database of its own.
class TestDb final {
 public:
  explicit TestDb(const TempDir& dir, const std::string& file = "t.db") {
    const std::string pg = TestPostgresUrl();
    if (pg.empty()) {
      target_ = dir.File(file);
      return;
    }
    detail::EnsureTemplate(pg);
    std::random_device rd;
    name_ = "t_" + std::to_string(::getpid()) + "_" + std::to_string(rd());
    const std::string error = detail::PgAdminWhenFree(pg, "CREATE DATABASE " + name_ + " TEMPLATE govmedia_template");
    EXPECT_TRUE(error.empty()) << "CREATE DATABASE: " << error;
    target_ = PgUrlFor(pg, name_);
  }
  ~TestDb() {
    if (!name_.empty()) (void)detail::PgAdmin(TestPostgresUrl(), "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  }
  TestDb(const TestDb&) = delete;
  TestDb& operator=(const TestDb&) = delete;

  /// What `--db` and Node::Open take.
  const std::string& target() const { return target_; }

 private:
  std::string target_;
  std::string name_;
};

/// Holds a write transaction open on another thread until destroyed — another node (or process)
/// in the middle of a write. `run` starts the transaction with the body it is given, e.g.
/// `[&](auto body) { return db->TransactionFor(7, body); }`.
class HeldWrite final {
 public:
  explicit HeldWrite(std::function<storage::Status(const std::function<storage::Status()>&)> run)
      : thread_([this, run = std::move(run)] {
          (void)run([this] {
            holding_ = true;
            while (!release_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
            return storage::Status::Ok();
          });
          holding_ = true;  // a transaction that could not start does not leave the test waiting
        }) {
    while (!holding_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~HeldWrite() { Release(); }
  void Release() {
    release_ = true;
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::atomic<bool> holding_{false}, release_{false};
  std::thread thread_;
};

}  // namespace govmedia::testing
