#!/usr/bin/env bash
# Builds the server (CMake preset "default" → build/govmedia) and the web console (web/dist).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> 构建服务端"
cmake --preset default >/dev/null
cmake --build --preset default
echo "==> 构建网页控制台"
(cd web && npm run build --silent)
