#!/usr/bin/env bash
# The run command: installs what is missing, builds, loads the demo data into data/demo.db and
# serves the platform at http://127.0.0.1:8080 (the admin login is printed below).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
mkdir -p data
build/govmedia demo --db data/demo.db
echo "==> 打开 http://127.0.0.1:8080 （Ctrl+C 停止）"
exec build/govmedia serve --db data/demo.db --port "${GOVMEDIA_PORT:-8080}"
