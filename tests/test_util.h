// Shared fixtures for the tests: temporary folders, running the govmedia binary, fixed clocks.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "app/system_clock.h"
#include "core/date.h"

namespace govmedia::testing {

/// A fresh folder under /tmp, removed with everything in it when the object dies.
class TempDir final {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("govmedia-test-" + std::to_string(rd()) + "-" +
                                                      std::to_string(::getpid()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the govmedia binary with `args` (a shell-quoted string), feeding `input` on stdin.
inline CommandResult RunGovmedia(const std::string& args, const std::string& input = "") {
  TempDir tmp;
  const std::string in = tmp.File("in"), out = tmp.File("out"), err = tmp.File("err");
  WriteFile(in, input);
  const std::string cmd = std::string(GOVMEDIA_BINARY) + " " + args + " <" + in + " >" + out + " 2>" + err;
  const int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

inline core::Date D(const char* text) { return *core::Date::Parse(text); }

}  // namespace govmedia::testing
