// `govmedia import accounts FILE.xlsx [--db PATH] [--dry-run]`: the registry from Excel, per
// contracts/registry-import.md (app/registry_import.h): every bad row on standard error as
// "第 N 行 列名：原因" and exit 2 with nothing written, or one line "导入 N 个账号，跳过 M 个已在台账中的
// 账号" and exit 0.
//
// `govmedia import posts|comments FILE [--format jsonl|csv] [--db PATH]`: bulk import into the
// archive. JSON Lines: one object a line — posts {"account_id", "id", "published_at", "text",
// "url"}, comments add "post_id" (the platform id of the post) and "author". CSV: a header row
// naming the same columns, in any order. Every line is checked before anything is written (a bad
// line: exit 2 naming it). Importing the same file twice adds nothing; an interrupted import
// resumes after the last committed batch.
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <future>
#include <iostream>
#include <thread>
#include <map>
#include <set>

#include "app/monitoring/incoming_item.h"
#include "app/node.h"
#include "app/registry/registry_import.h"
#include "app/system_clock.h"
#include "cli/cli_util.h"
#include "core/csv.h"
#include "core/text.h"
#include "storage/audit_log.h"
#include "storage/post_store.h"
#include "storage/search_index.h"

namespace govmedia::cli {
namespace {

// Posts per committed batch. A batch holds the write turn (db.h) while it runs — on SQLite about a
// tenth of a second at the import's pace. On PostgreSQL,
// where each statement is a round trip to the server, a smaller batch keeps the API's writes from
// waiting behind an import for longer than their busy timeout.
constexpr int64_t kBatch = 2000;
constexpr int64_t kPostgresBatch = 100;
// How long the import writes before it lets other writers in, and for how long.
constexpr auto kWriteSpell = std::chrono::milliseconds(250);
constexpr auto kBreath = std::chrono::milliseconds(10);

// Runs a write again while another process holds the database's write lock (the server's busy
// API), waiting longer each time, for up to about two minutes; any other failure is final.
core::Status WithRetry(const std::function<core::Status()>& write) {
  auto wait = std::chrono::milliseconds(50);
  for (int attempt = 0;; ++attempt) {
    core::Status s = write();
    if (!s.IsUnavailable() || attempt >= 20) return s;
    std::this_thread::sleep_for(wait);
    wait = std::min(wait * 2, std::chrono::milliseconds(8000));
  }
}

struct ImportArgs {
  std::string db = kDefaultDb;
  std::string file;
  std::string format;  // jsonl, csv; empty: by the file's extension
};

using Line = app::NumberedItem;

std::string Where(int line) { return "第 " + std::to_string(line) + " 行"; }

core::Result<std::vector<Line>> ReadCsv(const std::string& t, std::string_view kind) {
  auto records = core::ParseCsv(t);
  if (!records.ok()) return records.status();
  if (records->empty()) return std::vector<Line>{};
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < records->front().fields.size(); ++i)
    column[std::string(core::Trim(records->front().fields[i]))] = i;
  std::vector<std::string> required{"account_id", "id", "published_at", "text"};
  if (kind == storage::kKindComment) required.push_back("post_id");
  for (const auto& c : required) {
    if (!column.count(c))
      return core::Status::InvalidArgument(Where(records->front().line), "表头缺少列 " + c);
  }
  std::vector<Line> out;
  for (size_t r = 1; r < records->size(); ++r) {
    const auto& rec = (*records)[r];
    auto get = [&](const char* name) -> std::optional<std::string> {
      auto it = column.find(name);
      if (it == column.end() || it->second >= rec.fields.size()) return std::nullopt;
      return rec.fields[it->second];
    };
    Line l{rec.line, {}};
    if (auto a = get("account_id")) {
      try {
        size_t used = 0;
        const int64_t v = std::stoll(*a, &used);
        if (used == a->size()) l.raw.account_id = v;
      } catch (const std::exception&) {
      }
    }
    l.raw.id = get("id");
    l.raw.post_id = get("post_id");
    l.raw.published_at = get("published_at");
    l.raw.text = get("text");
    l.raw.url = get("url");
    l.raw.author = get("author");
    // Engagement counts in optional columns of their own names; an empty cell is no count.
    for (const char* key : {"reads", "likes", "reposts", "comments"}) {
      auto v = get(key);
      if (!v || core::Trim(*v).empty()) continue;
      if (!l.raw.metrics) l.raw.metrics.emplace();
      std::optional<int64_t> n;
      try {
        size_t used = 0;
        const std::string cell(core::Trim(*v));
        const int64_t parsed = std::stoll(cell, &used);
        if (used == cell.size()) n = parsed;
      } catch (const std::exception&) {
      }
      l.raw.metrics->emplace_back(key, n);
    }
    out.push_back(std::move(l));
  }
  return out;
}

int Import(const ImportArgs& a, std::string_view kind) {
  std::string format = a.format;
  if (format.empty())
    format = a.file.ends_with(".csv") || a.file.ends_with(".CSV") ? "csv" : "jsonl";
  if (format != "jsonl" && format != "csv")
    return Report(core::Status::InvalidArgument("--format", "应为 jsonl 或 csv"));
  auto text = ReadInput(a.file);
  if (!text.ok()) return Report(text.status());
  // The file's digest (what an interrupted import resumes by) on the other core meanwhile. BLAKE2b
  // since 2026-11-30: an import interrupted under an older version starts again from its first
  // line, which adds nothing twice.
  std::future<std::string> hashing =
      std::async(std::launch::async, [&] { return storage::Blake2bHex({kind, ":", *text}); });
  app::SystemClock clock;
  auto node = app::Node::Open(a.db, clock);
  if (!node.ok()) return Report(node.status());
  storage::Db& db = (*node)->db();
  db.SetBusyTimeout(10'000);
  std::set<int64_t> accounts;
  auto ids = db.Query("SELECT id FROM accounts");
  if (!ids.ok()) return Report(ids.status());
  for (const auto& r : *ids) accounts.insert(r.Int(0));

  // Pass 1: read and check every line; nothing is written when one is bad. The check is pure: the
  // two halves are checked on the two cores, and the first bad line is the one named.
  const auto checking = std::chrono::steady_clock::now();
  auto lines = format == "csv" ? ReadCsv(*text, kind) : app::ReadJsonLines(*text);
  if (!lines.ok()) return Report(lines.status());
  std::vector<storage::IncomingPost> items(lines->size());
  const auto exists = [&](int64_t id) { return accounts.count(id) > 0; };
  auto check = [&](size_t from, size_t to) -> core::Status {
    for (size_t i = from; i < to; ++i) {
      const Line& l = (*lines)[i];
      auto item = app::CheckItem(l.raw, kind, exists);
      if (!item.ok())
        return core::Status::InvalidArgument(Where(l.line), item.status().field() + "：" + item.status().message());
      items[i] = std::move(*item);
    }
    return core::Status::Ok();
  };
  {
    const size_t half = items.size() / 2;
    core::Status second_half;
    std::thread other([&] { second_half = check(half, items.size()); });
    core::Status first_half = check(0, half);
    other.join();
    if (!first_half.ok()) return Report(first_half);
    if (!second_half.ok()) return Report(second_half);
  }
  const double check_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - checking).count();

  // Pass 2: archive in batches, each batch committed with the progress it reached and its own
  // audit row. Progress is keyed by a hash of the whole file, so only a byte-identical file
  // resumes; a corrected re-export starts from its first line (and changes what changed).
  storage::PostStore store(db);
  const std::string file_hash = hashing.get();
  auto done = store.CommittedLines(file_hash);
  if (!done.ok()) return Report(done.status());
  if (core::Status s = (*node)->monitor().Refresh(); !s.ok()) return Report(s);
  const bool tty = isatty(STDERR_FILENO);
  const std::string noun = kind == storage::kKindComment ? "留言" : "帖子";
  int64_t added = 0, edited = 0, same = 0;
  const int64_t total = static_cast<int64_t>(items.size());
  // SQLite: the full-text index (a file of its own) is built on the other core, behind the batches
  // as they commit; it finishes after the last one. Searches meanwhile scan the versions it has
  // not reached (storage/search_index.h).
  const auto started = std::chrono::steady_clock::now();
  storage::SearchIndex* index = db.search_index();
  std::atomic<bool> archived{false};
  core::Status index_status;
  std::thread indexer;
  if (index) {
    indexer = std::thread([&] {
      // At a lower priority: the two cores go to the batches first (the archive is committed and
      // searchable sooner), the index takes what they leave and finishes after them.
      setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
      for (;;) {
        const bool last = archived.load();
        auto n = index->CatchUp(db);
        if (!n.ok()) {
          index_status = n.status();
          return;
        }
        if (*n == 0 && last) return;
        if (*n == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
  }
  // However the archiving ends, the indexer is told and joined (what it has indexed stays).
  struct Join {
    std::atomic<bool>& done;
    std::thread& t;
    ~Join() {
      done = true;
      if (t.joinable()) t.join();
    }
  } join{archived, indexer};
  const int64_t batch_size = db.Dialect() == "postgres" ? kPostgresBatch : kBatch;
  // What is read from the texts alone (content hash, the lexicon's hits, source credits) is read
  // for the next batch on the other core while this one is written.
  app::MonitorService& monitor = (*node)->monitor();
  using Readings = std::vector<app::MonitorService::TextReading>;
  auto read_ahead = [&](int64_t from) {
    return std::async(std::launch::async, [&, from] {
      Readings out;
      const int64_t to = std::min<int64_t>(from + batch_size, total);
      out.reserve(static_cast<size_t>(to - from));
      for (int64_t i = from; i < to; ++i) {
        items[i].content_hash = storage::ContentHash(items[i]);
        out.push_back(monitor.Read(items[i]));
      }
      return out;
    });
  };
  std::future<Readings> ahead = read_ahead(*done);
  auto breathed = std::chrono::steady_clock::now();
  for (int64_t start = *done; start < total; start += batch_size) {
    const int64_t stop = std::min<int64_t>(start + batch_size, total);
    const Readings readings = ahead.get();
    if (stop < total) ahead = read_ahead(stop);
    int64_t b_added = 0, b_edited = 0, b_same = 0;
    auto batch = [&]() -> core::Status {
      b_added = b_edited = b_same = 0;
      const std::string now = clock.NowRfc3339();
      // PostgreSQL: the batch's posts as stored, in one round trip rather than one or two a post.
      auto known = store.Known(items, static_cast<size_t>(start), static_cast<size_t>(stop));
      if (!known.ok()) return known.status();
      // Empty on SQLite, where Archive's own lookups are no round trip: not kept up to date there.
      storage::KnownPosts* batch_known = known->empty() ? nullptr : &*known;
      for (int64_t i = start; i < stop; ++i) {
        auto r = store.Archive(items[i], now, batch_known);
        if (!r.ok()) return r.status();
        if (core::Status m = monitor.OnArchived(items[i], *r, &readings[i - start]); !m.ok()) return m;
        const auto o = r->outcome;
        (o == storage::ArchiveOutcome::kNew      ? b_added
         : o == storage::ArchiveOutcome::kEdited ? b_edited
                                                 : b_same)++;
      }
      if (core::Status st = store.SetCommittedLines(file_hash, std::string(kind), a.file, stop, now); !st.ok())
        return st;
      return (*node)->audit().Append(
          {0, now, "cli", std::string(kind) + "s.import", std::string(kind) + "s", a.file, "",
           "{\"lines\":[" + std::to_string(lines->at(start).line) + "," +
               std::to_string(lines->at(stop - 1).line) + "],\"added\":" + std::to_string(b_added) +
               ",\"edited\":" + std::to_string(b_edited) + ",\"unchanged\":" + std::to_string(b_same) + "}"});
    };
    core::Status s = WithRetry([&] { return db.Transaction(batch); });
    if (!s.ok()) return Report(s);
    added += b_added;
    edited += b_edited;
    same += b_same;
    // A breath every quarter of a second of writing, longer than the busy handler's longest poll
    // (sqlite_db.cc), so the server's writers waiting for the write lock get it in turn.
    if (std::chrono::steady_clock::now() - breathed >= kWriteSpell) {
      std::this_thread::sleep_for(kBreath);
      breathed = std::chrono::steady_clock::now();
    }
    if (tty)
      std::cerr << "\r导入" << noun << " " << stop << "/" << total << "（" << stop * 100 / total
                << "%）" << std::flush;
  }
  if (tty && total > *done) std::cerr << "\n";
  const double archive_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  archived = true;
  if (indexer.joinable()) indexer.join();
  if (index && total > *done) {
    const double all_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char line[200];
    std::snprintf(line, sizeof line, "检查 %lld 行用时 %.1f 秒；归档用时 %.1f 秒（%.0f 条/秒），全文索引于 %.1f 秒时建完\n",
                  static_cast<long long>(total), check_seconds, archive_seconds,
                  static_cast<double>(total - *done) / std::max(archive_seconds, 1e-3), all_seconds);
    std::cerr << line;
  }
  // The archive is committed either way; an index left behind is finished by the server's job.
  if (!index_status.ok())
    std::cerr << "全文索引未能建完（" << index_status.message() << "），服务运行时会继续建立；检索不受影响\n";
  const std::string summary =
      "新增 " + std::to_string(added) + "，修改 " + std::to_string(edited) + "，未变 " +
      std::to_string(same) + (*done > 0 ? "（从第 " + std::to_string(*done + 1) + " 条继续）" : "");
  std::cout << "已导入 " << total << " 条" << noun << "：" << summary << "\n";
  return kExitOk;
}

struct AccountsArgs {
  std::string db = kDefaultDb;
  std::string file;
  bool dry_run = false;
};

int ImportAccounts(const AccountsArgs& a) {
  auto bytes = ReadInput(a.file);
  if (!bytes.ok()) return Report(bytes.status());
  app::SystemClock clock;
  auto node = app::Node::Open(a.db, clock);
  if (!node.ok()) return Report(node.status());
  (*node)->db().SetBusyTimeout(10'000);
  app::RegistryImport importer((*node)->db(), (*node)->registry_store(), (*node)->audit(), (*node)->registry(),
                               clock);
  const core::Principal cli{0, "cli", core::Role::kCityAdmin, std::nullopt};
  core::Result<app::ImportReport> report = core::Status::Internal("not run");
  // One transaction for the whole file: a server holding the write lock is waited for.
  core::Status s = WithRetry([&] {
    report = importer.Import(cli, *bytes, a.dry_run, a.file);
    return report.ok() ? core::Status::Ok() : report.status();
  });
  if (!s.ok()) return Report(s);
  if (!report->problems.empty()) {
    for (const auto& p : report->problems) std::cerr << p.Line() << "\n";
    return kExitBadInput;
  }
  std::cout << report->Summary() << (a.dry_run ? "（试运行，未写入）" : "") << "\n";
  return kExitOk;
}

// Account snapshots (followers and totals of a day) from JSON Lines — objects as the push API takes
// them — or CSV with the columns account_id, observed_at and any of followers, reads, likes,
// reposts, comments. All or nothing; a bad line is named by its number.
int ImportSnapshots(const ImportArgs& a) {
  std::string format = a.format;
  if (format.empty()) format = a.file.ends_with(".csv") || a.file.ends_with(".CSV") ? "csv" : "jsonl";
  if (format != "jsonl" && format != "csv") return Report(core::Status::InvalidArgument("--format", "应为 jsonl 或 csv"));
  auto text = ReadInput(a.file);
  if (!text.ok()) return Report(text.status());
  nlohmann::json items = nlohmann::json::array();
  std::vector<int> lines;
  if (format == "jsonl") {
    int n = 0;
    size_t pos = 0;
    while (pos < text->size()) {
      size_t end = text->find('\n', pos);
      if (end == std::string::npos) end = text->size();
      std::string line = text->substr(pos, end - pos);
      pos = end + 1;
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object()) return Report(core::Status::InvalidArgument(Where(n), "不是有效的 JSON 对象"));
      items.push_back(std::move(j));
      lines.push_back(n);
    }
  } else {
    auto records = core::ParseCsv(*text);
    if (!records.ok()) return Report(records.status());
    if (records->empty()) return Report(core::Status::InvalidArgument("FILE", "文件为空"));
    const auto& head = records->front();
    for (size_t r = 1; r < records->size(); ++r) {
      const auto& rec = (*records)[r];
      nlohmann::json j = nlohmann::json::object();
      for (size_t c = 0; c < head.fields.size() && c < rec.fields.size(); ++c) {
        const std::string key(core::Trim(head.fields[c]));
        const std::string cell(core::Trim(rec.fields[c]));
        if (cell.empty()) continue;
        if (key == "observed_at") {
          j[key] = cell;
          continue;
        }
        try {
          size_t used = 0;
          const int64_t v = std::stoll(cell, &used);
          j[key] = used == cell.size() ? nlohmann::json(v) : nlohmann::json(cell);
        } catch (const std::exception&) {
          j[key] = cell;  // the service names it
        }
      }
      items.push_back(std::move(j));
      lines.push_back(rec.line);
    }
  }
  app::SystemClock clock;
  auto node = app::Node::Open(a.db, clock);
  if (!node.ok()) return Report(node.status());
  auto counts = (*node)->engagement().PushSnapshots(items, "import", "cli");
  if (!counts.ok()) {
    // "snapshots[3].followers" → "第 5 行：followers …"
    std::string field = counts.status().field();
    if (field.starts_with("snapshots[")) {
      const size_t close = field.find(']');
      const size_t i = std::stoul(field.substr(10, close - 10));
      const std::string rest = close + 2 <= field.size() ? field.substr(close + 2) : "";
      return Report(core::Status::InvalidArgument(Where(i < lines.size() ? lines[i] : 0),
                                                  (rest.empty() ? "" : rest + "：") + counts.status().message()));
    }
    return Report(counts.status());
  }
  std::cout << "账号数据快照：新增 " << counts->added << " 条，更新 " << counts->edited << " 条，未变 " << counts->unchanged
            << " 条\n";
  return kExitOk;
}

}  // namespace

void RegisterImport(CLI::App& app, int* exit_code) {
  CLI::App* imp =
      app.add_subcommand("import", "批量导入：账号台账（XLSX），帖子或留言（JSON Lines 或 CSV）");
  imp->require_subcommand(1);
  {
    auto args = std::make_shared<AccountsArgs>();
    CLI::App* sub = imp->add_subcommand("accounts", "从 Excel（.xlsx）导入账号台账：每行一个已开设账号，记为历史补录");
    sub->add_option("FILE", args->file, "XLSX 文件，- 表示标准输入")->required();
    sub->add_option("--db", args->db, "数据库：SQLite 文件，或 PostgreSQL 地址 postgresql://用户@主机:端口/库名")->capture_default_str();
    sub->add_flag("--dry-run", args->dry_run, "只检查并报告，不写入");
    sub->callback([args, exit_code] { *exit_code = ImportAccounts(*args); });
  }
  for (std::string_view kind : {storage::kKindPost, storage::kKindComment}) {
    auto args = std::make_shared<ImportArgs>();
    const bool comment = kind == storage::kKindComment;
    CLI::App* sub = imp->add_subcommand(comment ? "comments" : "posts",
                                        comment ? "导入留言到存档" : "导入帖子到存档");
    sub->add_option("FILE", args->file, "JSON Lines 或 CSV 文件，- 表示标准输入")->required();
    sub->add_option("--format", args->format,
                    "jsonl 或 csv（默认按扩展名：.csv 为 CSV，其余为 JSON Lines）");
    sub->add_option("--db", args->db, "数据库：SQLite 文件，或 PostgreSQL 地址 postgresql://用户@主机:端口/库名")->capture_default_str();
    sub->callback([args, exit_code, kind] { *exit_code = Import(*args, kind); });
  }
  {
    auto args = std::make_shared<ImportArgs>();
    CLI::App* sub = imp->add_subcommand("snapshots", "导入账号数据快照（粉丝数等，每账号每天保留最晚一次）");
    sub->add_option("FILE", args->file, "JSON Lines 或 CSV 文件（列 account_id, observed_at, followers, reads, likes, reposts, comments），- 表示标准输入")->required();
    sub->add_option("--format", args->format, "jsonl 或 csv（默认按扩展名）");
    sub->add_option("--db", args->db, "数据库：SQLite 文件，或 PostgreSQL 地址 postgresql://用户@主机:端口/库名")->capture_default_str();
    sub->callback([args, exit_code] { *exit_code = ImportSnapshots(*args); });
  }
}

}  // namespace govmedia::cli
