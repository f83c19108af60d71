#!/usr/bin/env bash
# Item 5 of the benchmarks (BENCHMARKS.md): the clean build time of the root `kandy` crate
# (dev profile) with its default features and with all features, each in its own target
# directory under target/build-cost/ (emptied first, so the build is clean; the shared
# target/ is not touched), and the number of crates in each dependency tree (`cargo tree`,
# normal and build dependencies, each package once, `kandy` itself included).
#
# Writes target/kandy-build-cost.json, which `cargo bench --bench kandy` reports; run it
# alone, or through the bench with `cargo bench --bench kandy --all-features -- --build-cost`.
# Takes a few minutes: the builds compile every dependency from source.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-target}"
out_dir="$target/build-cost"
mkdir -p "$out_dir"

figures=()

# figure NAME UNIT VALUE
figure() {
  figures+=("{\"name\":\"$1\",\"unit\":\"$2\",\"value\":$3,\"baseline\":null,\"ratio\":null}")
}

# measure LABEL CARGO_FEATURE_FLAGS...
measure() {
  local label="$1"
  shift
  local dir="$out_dir/$label"
  rm -rf "$dir"
  echo "build-cost: clean build of kandy ($label features)..." >&2
  local start end
  start=$(date +%s%N)
  cargo build --quiet -p kandy --target-dir "$dir" "$@"
  end=$(date +%s%N)
  local millis=$(((end - start) / 1000000))
  local seconds
  seconds=$(printf '%d.%03d' $((millis / 1000)) $((millis % 1000)))
  local crates
  crates=$(cargo tree -p kandy -e normal,build --prefix none "$@" |
    sed -e 's/ (\*)$//' | grep -v '^$' | sort -u | wc -l)
  echo "build-cost: $label: ${seconds} s, $crates crates" >&2
  figure "build/clean_build/$label" s "$seconds"
  figure "build/dependency_tree/$label" crates "$crates"
}

measure default
measure all --all-features

json="[$(
  IFS=,
  echo "${figures[*]}"
)]"
echo "$json" >"$target/kandy-build-cost.json"
echo "build-cost: wrote $target/kandy-build-cost.json" >&2
