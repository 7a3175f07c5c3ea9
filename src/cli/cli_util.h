// Helpers shared by the subcommands: reporting a Status the contract's way.
#pragma once

#include <iostream>
#include <string>

#include "cli/commands.h"
#include "core/status.h"

namespace govmedia::cli {

/// Prints "error: field: message" on stderr and returns the exit code for the Status.
inline int Report(const core::Status& s) {
  std::cerr << "error: " << s.ToString() << "\n";
  return s.IsInvalidArgument() || s.IsConflict() || s.IsNotFound() ? kExitBadInput : kExitFailure;
}

/// Creates the folder holding `db_path` when missing, so `--db data/x.db` works on a fresh clone.
void EnsureParentDir(const std::string& db_path);

}  // namespace govmedia::cli
