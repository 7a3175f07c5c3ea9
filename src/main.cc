// govmedia: one binary, a table of subcommands (see src/cli/commands.h for exit codes).
#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"govmedia — 政务新媒体监管平台"};
  app.require_subcommand(1);
  int exit_code = govmedia::cli::kExitOk;
  govmedia::cli::RegisterServe(app, &exit_code);
  govmedia::cli::RegisterWorker(app, &exit_code);
  govmedia::cli::RegisterUser(app, &exit_code);
  govmedia::cli::RegisterCalendar(app, &exit_code);
  govmedia::cli::RegisterAudit(app, &exit_code);
  govmedia::cli::RegisterDemo(app, &exit_code);
  govmedia::cli::RegisterScore(app, &exit_code);
  govmedia::cli::RegisterScan(app, &exit_code);
  govmedia::cli::RegisterImport(app, &exit_code);
  govmedia::cli::RegisterPoll(app, &exit_code);
  govmedia::cli::RegisterVerify(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return govmedia::cli::kExitBadInput;
  }
  return exit_code;
}
