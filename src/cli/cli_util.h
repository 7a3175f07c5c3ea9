// Helpers shared by the subcommands: reporting a Status the contract's way.
#pragma once

#include <iostream>
#include <string>

#include "cli/commands.h"
#include "core/status.h"
#include "core/work_calendar.h"

namespace govmedia::cli {

/// Prints "error: field: message" on stderr and returns the exit code for the Status.
inline int Report(const core::Status& s) {
  std::cerr << "error: " << s.ToString() << "\n";
  return s.IsInvalidArgument() || s.IsConflict() || s.IsNotFound() ? kExitBadInput : kExitFailure;
}

/// Creates the folder holding `db_path` when missing, so `--db data/x.db` works on a fresh clone.
void EnsureParentDir(const std::string& db_path);

/// The calendar a command uses: built-in years plus those imported into the database at
/// `db_path`, when that file exists (a query never creates one). InvalidArgument naming "db" when
/// `db_given` and the file is missing.
core::Result<core::WorkCalendar> QueryCalendar(const std::string& db_path, bool db_given);

/// Reads FILE, or standard input for "-"; InvalidArgument naming "FILE" when unreadable.
core::Result<std::string> ReadInput(const std::string& file);

}  // namespace govmedia::cli
