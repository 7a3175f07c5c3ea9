// The subcommands of the govmedia binary. Each Register function adds one subcommand to the
// CLI11 app; its callback sets *exit_code: 0 success, 1 failure (e.g. a broken audit chain or an
// I/O error), 2 bad input (one line on stderr naming the field or line).
#pragma once

#include <CLI/CLI.hpp>

namespace govmedia::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

void RegisterServe(CLI::App& app, int* exit_code);
void RegisterWorker(CLI::App& app, int* exit_code);
void RegisterUser(CLI::App& app, int* exit_code);
void RegisterCalendar(CLI::App& app, int* exit_code);
void RegisterAudit(CLI::App& app, int* exit_code);
void RegisterDemo(CLI::App& app, int* exit_code);
void RegisterScore(CLI::App& app, int* exit_code);
void RegisterScan(CLI::App& app, int* exit_code);
void RegisterImport(CLI::App& app, int* exit_code);
void RegisterPoll(CLI::App& app, int* exit_code);
void RegisterVerify(CLI::App& app, int* exit_code);

/// The default database path of every command (contracts/server.md).
inline constexpr const char* kDefaultDb = "data/govmedia.db";

}  // namespace govmedia::cli
