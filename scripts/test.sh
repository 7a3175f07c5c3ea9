#!/usr/bin/env bash
# The test command: installs what is missing, builds, runs every C++ test (CTest) and the browser
# tests (Chromium driven by playwright-core).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
echo "==> C++ 测试 (ctest)"
ctest --preset default
echo "==> 浏览器测试 (playwright-core + chromium)"
node --test tests/browser/
