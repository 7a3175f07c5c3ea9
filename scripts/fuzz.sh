#!/usr/bin/env bash
# Fuzzing (docs/fuzzing.md): installs clang-14 and libFuzzer when missing, builds the targets of
# fuzz/ (CMake preset "fuzz"), and runs each for SECONDS (default 60) on a scratch copy of its
# committed corpus, after replaying fuzz/regressions/<name>/. Exit 1 when a target crashes, leaks,
# runs out of memory or times out; the reproducer's path is printed.
#
#   scripts/fuzz.sh [SECONDS] [TARGET…]    TARGET: a name of fuzz/corpus/ (xlsx, feed, …); default all
#   GOVMEDIA_FUZZ_BUILD_DIR   build tree (default build-fuzz, the preset's)
#   GOVMEDIA_BUILD_LOCK       a lock file to hold while configuring and building (shared machines)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "用法: scripts/fuzz.sh [秒数] [目标…]" >&2; exit 2; }
shift $(( $# > 0 ? 1 : 0 ))
targets=("$@")
for name in "${targets[@]}"; do
  [ -d "fuzz/corpus/$name" ] || { echo "没有模糊测试目标 $name（见 fuzz/corpus/）" >&2; exit 2; }
done
build="${GOVMEDIA_FUZZ_BUILD_DIR:-build-fuzz}"

source scripts/lib/install.sh
install_missing clang-14 libfuzzer-14-dev

lock=()
[ -z "${GOVMEDIA_BUILD_LOCK:-}" ] || lock=(flock "$GOVMEDIA_BUILD_LOCK")
echo "==> 构建模糊测试目标 ($build)"
"${lock[@]}" cmake --preset fuzz -B "$build" >/dev/null
"${lock[@]}" cmake --build "$build" --target \
  $(if [ ${#targets[@]} -gt 0 ]; then printf 'fuzz_%s ' "${targets[@]}"; else echo govmedia_fuzzers; fi)

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
artifacts="$build/fuzz-artifacts"
failed=()
printf '%-10s %10s %8s %8s %8s  %s\n' target execs cov ft corpus result
[ ${#targets[@]} -gt 0 ] || targets=($(cd fuzz/corpus && ls -d */ | tr -d /))
for name in "${targets[@]}"; do
  dir="fuzz/corpus/$name/"
  binary="$build/fuzz/fuzz_$name"
  log="$scratch/$name.log"
  mkdir -p "$scratch/$name" "$artifacts/$name"
  cp -R "$dir". "$scratch/$name/"  # the committed corpus never grows
  options=(-rss_limit_mb=2048 -timeout=10 -artifact_prefix="$artifacts/$name/" -print_final_stats=1)
  [ ! -f "fuzz/dict/$name.dict" ] || options+=(-dict="fuzz/dict/$name.dict")
  result=ok
  # Known findings first: each file of fuzz/regressions/<name>/ must now pass.
  if compgen -G "fuzz/regressions/$name/*" >/dev/null; then
    if ! "$binary" "${options[@]}" fuzz/regressions/"$name"/* >"$log" 2>&1; then
      result="regression"
    fi
  fi
  if [ "$result" = ok ] &&
    ! "$binary" "${options[@]}" -max_total_time="$seconds" "$scratch/$name" >"$log" 2>&1; then
    result="FAILED"
  fi
  done_line="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)"
  field() { sed -nE "s/.* $1: ([0-9]+[a-zA-Z]*).*/\1/p" <<<"$done_line"; }
  execs="$(sed -nE 's/^stat::number_of_executed_units: ([0-9]+)/\1/p' "$log" | tail -1)"
  printf '%-10s %10s %8s %8s %8s  %s\n' "$name" "${execs:--}" "$(field cov)" "$(field ft)" "$(field corp)" "$result"
  if [ "$result" != ok ]; then
    failed+=("$name")
    echo "---- fuzz_$name ----" >&2
    # What went wrong: first the finding and its input in Base64 (a CI log alone reproduces it:
    # `base64 -d > crash`), then the report with its stack, without the progress lines before it.
    grep -E '(ERROR|SUMMARY):|Test unit written|^Base64: ' "$log" >&2 || true
    grep -vE '^(INFO: |#[0-9]+[[:space:]]|[[:space:]]+NEW_FUNC|MS: |base unit: |0x|stat::|Done |Executed |Dictionary: |Base64: |[[:space:]]*$)' "$log" |
      head -60 >&2 || true
    cp "$log" "$artifacts/$name/last.log"
    echo "重现: $binary <上面 Test unit written to / Running 所示的文件>；完整日志: $artifacts/$name/last.log" >&2
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "==> 模糊测试发现问题: ${failed[*]}" >&2
  exit 1
fi
echo "==> 模糊测试通过 (每个目标 ${seconds} 秒)"
