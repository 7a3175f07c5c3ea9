#!/usr/bin/env bash
# Installs what govmedia needs on Debian 12 and is missing: build tools and libraries (Debian
# packages) and the web console's npm packages. Safe to run again; installs nothing twice.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config git python3
  libgtest-dev libgmock-dev
  libsqlite3-dev sqlite3 libcpp-httplib-dev nlohmann-json3-dev libsimdjson-dev libhyperscan-dev
  libicu-dev libopencc-dev libcurl4-openssl-dev libpugixml-dev libsodium-dev libspdlog-dev
  libcli11-dev libxlsxwriter-dev libminizip-dev libpq-dev postgresql-15 libssl-dev zlib1g-dev
  chromium fonts-noto-cjk ca-certificates wrk bc
)
# Node.js: the machine's own (20 or later) is used when present; Debian's otherwise.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
source scripts/lib/install.sh
install_missing "${packages[@]}"

# npm packages of the console and of the browser tests, from their lock files.
for dir in web tests/browser; do
  if [ -f "$dir/package-lock.json" ]; then
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
      echo "==> npm ci ($dir)"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  fi
done
