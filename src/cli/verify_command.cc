// `govmedia verify PACKAGE [--public-key HEX]`: checks an evidence package (证据包) offline — no
// database, no network. Exit 0 when it is untouched, 1 naming the first altered item, 2 when the
// file cannot be read.
#include <iostream>

#include "app/supervision/evidence.h"
#include "cli/cli_util.h"

namespace govmedia::cli {

void RegisterVerify(CLI::App& app, int* exit_code) {
  struct Args {
    std::string path, public_key;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "离线校验通报证据包：完好时退出码 0；被改动时退出码 1 并指出第一处被改动的证据项");
  cmd->add_option("PACKAGE", a->path, "证据包文件（JSON；- 为标准输入）")->required();
  cmd->add_option("--public-key", a->public_key,
                  "要求由该公钥（十六进制，GET /api/evidence/public-key 公布）签发");
  cmd->callback([a, exit_code] {
    auto text = ReadInput(a->path);
    if (!text.ok()) {
      *exit_code = Report(core::Status::InvalidArgument("PACKAGE", "无法读取证据包：" + a->path));
      return;
    }
    const app::VerifyResult r = app::VerifyPackage(*text, a->public_key);
    if (r.ok) {
      std::cout << r.message << "\n";
      *exit_code = kExitOk;
    } else {
      std::cerr << "证据包校验失败：" << r.message << "\n";
      *exit_code = kExitFailure;
    }
  });
}

}  // namespace govmedia::cli
