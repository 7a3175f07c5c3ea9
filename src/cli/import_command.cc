// `govmedia import posts FILE [--db PATH]`: bulk import of posts into the archive from JSON Lines,
// one post a line: {"account_id": 12, "id": "platform id", "published_at": RFC 3339, "text": "…",
// "url": "…"}. Every line is checked before anything is written (a bad line: exit 2 naming it).
// Importing the same file twice adds nothing; an interrupted import resumes after the last
// committed batch.
#include <simdjson.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <set>

#include "app/node.h"
#include "app/system_clock.h"
#include "cli/cli_util.h"
#include "core/timestamp.h"
#include "storage/audit_log.h"
#include "storage/post_store.h"

namespace govmedia::cli {
namespace {

constexpr int64_t kBatch = 1000;

struct ImportArgs {
  std::string db = kDefaultDb;
  std::string file;
};

int ImportPosts(const ImportArgs& a) {
  auto text = ReadInput(a.file);
  if (!text.ok()) return Report(text.status());
  app::SystemClock clock;
  auto node = app::Node::Open(a.db, clock);
  if (!node.ok()) return Report(node.status());
  storage::Db& db = (*node)->db();
  std::set<int64_t> accounts;
  auto ids = db.Query("SELECT id FROM accounts");
  if (!ids.ok()) return Report(ids.status());
  for (const auto& r : *ids) accounts.insert(r.Int(0));

  // Pass 1: check every line.
  std::vector<storage::IncomingPost> posts;
  simdjson::dom::parser parser;
  size_t pos = 0, n = 0;
  const std::string& t = *text;
  while (pos < t.size()) {
    size_t end = t.find('\n', pos);
    if (end == std::string::npos) end = t.size();
    std::string_view line(t.data() + pos, end - pos);
    pos = end + 1;
    ++n;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    const std::string where = "line " + std::to_string(n);
    simdjson::dom::element doc;
    if (parser.parse(line.data(), line.size()).get(doc) || !doc.is_object()) {
      return Report(core::Status::InvalidArgument(where, "不是有效的 JSON 对象"));
    }
    storage::IncomingPost p;
    int64_t account = 0;
    std::string_view id, published, body, url;
    if (doc["account_id"].get_int64().get(account) || !accounts.count(account))
      return Report(core::Status::InvalidArgument(where, "account_id 缺失或账号不存在"));
    if (doc["id"].get_string().get(id) || id.empty()) return Report(core::Status::InvalidArgument(where, "缺少文本类型的 id"));
    if (doc["published_at"].get_string().get(published)) return Report(core::Status::InvalidArgument(where, "缺少 published_at"));
    auto epoch = core::ParseRfc3339(published);
    if (!epoch) return Report(core::Status::InvalidArgument(where, "published_at 应为 RFC 3339 时间"));
    if (doc["text"].get_string().get(body)) return Report(core::Status::InvalidArgument(where, "缺少文本类型的 text"));
    if (doc["url"].get_string().get(url) != simdjson::SUCCESS) url = {};
    p.account_id = account;
    p.platform_post_id = id;
    p.published_at = published;
    p.published_epoch = *epoch;
    p.text = body;
    p.url = url;
    posts.push_back(std::move(p));
  }

  // Pass 2: archive in batches, each batch committed with the progress it reached.
  storage::PostStore store(db);
  const std::string file_hash =
      storage::Sha256Hex(std::to_string(t.size()) + ":" + t.substr(0, std::min<size_t>(t.size(), 1 << 20)));
  auto done = store.CommittedLines(file_hash);
  if (!done.ok()) return Report(done.status());
  const bool tty = isatty(STDERR_FILENO);
  int64_t added = 0, edited = 0, same = 0;
  for (int64_t start = *done; start < static_cast<int64_t>(posts.size()); start += kBatch) {
    const int64_t stop = std::min<int64_t>(start + kBatch, static_cast<int64_t>(posts.size()));
    core::Status s = db.Transaction([&]() -> core::Status {
      const std::string now = clock.NowRfc3339();
      for (int64_t i = start; i < stop; ++i) {
        auto r = store.Archive(posts[i], now);
        if (!r.ok()) return r.status();
        if (core::Status m = (*node)->monitor().OnArchived(posts[i], *r); !m.ok()) return m;
        const auto o = r->outcome;
        (o == storage::ArchiveOutcome::kNew ? added : o == storage::ArchiveOutcome::kEdited ? edited : same)++;
      }
      return store.SetCommittedLines(file_hash, "posts", a.file, stop, now);
    });
    if (!s.ok()) return Report(s);
    if (tty) std::cerr << "\r导入帖子 " << stop << "/" << posts.size() << "（" << stop * 100 / posts.size() << "%）" << std::flush;
  }
  if (tty) std::cerr << "\n";
  const std::string summary = "新增 " + std::to_string(added) + "，修改 " + std::to_string(edited) + "，未变 " +
                              std::to_string(same) + (*done > 0 ? "（从第 " + std::to_string(*done + 1) + " 条继续）" : "");
  (void)(*node)->audit().Append({0, clock.NowRfc3339(), "cli", "posts.import", "posts", a.file, "",
                                 "{\"added\":" + std::to_string(added) + ",\"edited\":" + std::to_string(edited) +
                                     ",\"unchanged\":" + std::to_string(same) + "}"});
  std::cout << "已导入 " << posts.size() << " 条帖子：" << summary << "\n";
  return kExitOk;
}

}  // namespace

void RegisterImport(CLI::App& app, int* exit_code) {
  CLI::App* imp = app.add_subcommand("import", "批量导入（JSON Lines）：幂等，可断点续传");
  imp->require_subcommand(1);
  auto args = std::make_shared<ImportArgs>();
  CLI::App* posts = imp->add_subcommand("posts", "导入帖子到存档");
  posts->add_option("FILE", args->file, "JSON Lines 文件，- 表示标准输入")->required();
  posts->add_option("--db", args->db, "数据库文件")->capture_default_str();
  posts->callback([args, exit_code] { *exit_code = ImportPosts(*args); });
}

}  // namespace govmedia::cli
