#!/usr/bin/env bash
# Benchmark: `ferrometer unsafe --undocumented` against clippy's
# `undocumented_unsafe_blocks`, site by site, on real crates.io crates that
# hold unsafe code; the time of both; ferrometer's throughput on the whole
# local cargo registry and on the kernel's Rust.
#
#   bash bench/unsafe_vs_clippy.sh      # results on stdout; paste into bench/RESULTS.md
#
# Environment:
#   FM          a ferrometer binary (default: build target/release/ferrometer)
#   KERNEL_DIR  an unpacked kernel tree (default: bench/work/linux-source-6.12, made by scan.sh)
# Needs: cargo with clippy, python3, hyperfine. Work files go to bench/work/.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$PWD/bench/work
corpus=$work/clippy-corpus
mkdir -p "$corpus"

# Crates with unsafe code, pinned so the comparison is repeatable.
CRATES=(
    hashbrown@0.16.1 lock_api@0.4.14 allocator-api2@0.2.21 bumpalo@3.20.3 crossbeam-epoch@0.9.18
    memchr@2.8.3 bytes@1.12.1 memmap2@0.9.12 dashmap@6.2.1 anyhow@1.0.104 smallvec@1.16.5
    crossbeam-utils@0.8.23 parking_lot_core@0.9.12 aho-corasick@1.1.5 rayon-core@1.12.1
    arrayvec@0.7.8 hashlink@0.10.0 crossbeam-channel@0.5.17 encoding_rs@0.8.44 heapless@0.8.0
    generic-array@0.14.7 ppv-lite86@0.2.20 getrandom@0.3.4 jiff@0.2.43 yoke@0.8.4
)

if [ -z "${FM:-}" ]; then
    cargo build --release -q
fi
fm=${FM:-$PWD/target/release/ferrometer}
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }

# Bring the crates' sources: a scratch package that depends on each, fetched
# into the cargo registry, then copied (the registry is not to be written to).
fetch=$work/clippy-fetch
mkdir -p "$fetch/src"
echo 'fn main() {}' >"$fetch/src/main.rs"
{
    printf '[package]\nname = "clippy-fetch"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n'
    for c in "${CRATES[@]}"; do printf '%s = "=%s"\n' "${c%@*}" "${c#*@}"; done
} >"$fetch/Cargo.toml"
cargo fetch -q --manifest-path "$fetch/Cargo.toml"
registry=$(dirname "$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -maxdepth 2 -name "${CRATES[0]%@*}-${CRATES[0]#*@}" | head -1)")
dirs=()
for c in "${CRATES[@]}"; do
    d=$corpus/${c%@*}-${c#*@}
    [ -d "$d" ] || cp -r "$registry/${c%@*}-${c#*@}" "$d"
    dirs+=("$d")
done

echo "## Machine"
echo "- $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(uname -sr)"
echo "- $("$fm" --version); $(cargo clippy --version); $(hyperfine --version)"
echo "- ${#CRATES[@]} crates: ${CRATES[*]}"
echo

# clippy on each crate as the primary package (its lib, tests, examples and
# benches where they build; the lib alone where they do not), this lint only,
# plus rustc's `unsafe_code`, which names every unsafe site the build
# compiled: the sites both tools see. Lint levels are capped at warn so that a
# crate's own deny attributes do not stop the run. CLEAN=0 keeps the previous
# run's results and target directory.
target=$work/clippy-target
if [ "${CLEAN:-1}" = 1 ]; then
    rm -rf "$target" "$corpus"/clippy-*.json
fi
start=$(date +%s.%N)
for d in "${dirs[@]}"; do
    name=$(basename "$d")
    out=$corpus/clippy-$name.json
    [ -s "$out" ] && continue
    for targets in --all-targets --lib; do
        if CARGO_TARGET_DIR=$target cargo clippy -q --manifest-path "$d/Cargo.toml" $targets \
            --message-format=json -- --cap-lints=warn -A clippy::all -W clippy::undocumented_unsafe_blocks -W unsafe_code \
            >"$out.tmp" 2>"$corpus/clippy-$name.err"; then
            echo "$targets" >"$corpus/clippy-$name.targets"
            mv "$out.tmp" "$out"
            break
        fi
    done
    [ -s "$out" ] || { echo "clippy failed on $name" >&2; mv "$out.tmp" "$out"; }
done
clippy_secs=$(echo "$(date +%s.%N) - $start" | bc)

for d in "${dirs[@]}"; do
    "$fm" unsafe "$d" --sites --format json -q >"$corpus/fm-$(basename "$d").json"
done
python3 bench/unsafe_compare.py "$corpus" "$target" "${dirs[@]}"
echo

echo "## Time"
echo "- clippy, all ${#CRATES[@]} crates (checking them and their dependencies from an empty target directory): ${clippy_secs%.*} s"
hyperfine --warmup 1 --runs 5 --export-markdown "$work/unsafe-time.md" \
    -n "ferrometer unsafe, all ${#CRATES[@]} crates" "$fm unsafe $corpus --sites --format json -q" >/dev/null
cat "$work/unsafe-time.md"
echo

echo "## Throughput on the whole local cargo registry"
src_bytes=$(find "$registry" -name '*.rs' -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
src_files=$(find "$registry" -name '*.rs' -type f | wc -l)
echo "- $registry: $src_files .rs files, $((src_bytes / 1048576)) MiB"
hyperfine --warmup 1 --runs 5 --export-markdown "$work/unsafe-registry.md" \
    -n "ferrometer unsafe -j 1" "$fm unsafe $registry -j 1 --no-ignore -q" \
    -n "ferrometer unsafe (all cores)" "$fm unsafe $registry --no-ignore -q" >/dev/null
cat "$work/unsafe-registry.md"
python3 - "$work/unsafe-registry.md" "$src_bytes" <<'PY'
import re, sys
rows = [l for l in open(sys.argv[1]) if l.startswith("| `")]
mb = int(sys.argv[2]) / 1e6
for r in rows:
    name = r.split("`")[1]
    mean = float(r.split("|")[2].split("±")[0])
    print(f"- {name}: {mb / mean:.0f} MB/s")
PY
echo

KERNEL_DIR=${KERNEL_DIR:-$work/linux-source-6.12}
if [ -d "$KERNEL_DIR" ]; then
    echo "## Kernel: $(basename "$KERNEL_DIR")"
    hyperfine --warmup 2 --runs 10 --export-markdown "$work/unsafe-kernel.md" \
        -n "ferrometer unsafe (whole tree)" "$fm unsafe $KERNEL_DIR -q" >/dev/null
    cat "$work/unsafe-kernel.md"
    echo
    echo "### Per top-level directory"
    "$fm" unsafe "$KERNEL_DIR" --by dir:1 --format markdown -q
    echo
    echo "### Per crate"
    "$fm" unsafe "$KERNEL_DIR" --by crate --format markdown -q
    echo
    echo "### Undocumented sites"
    "$fm" unsafe "$KERNEL_DIR" --undocumented --format markdown -q
fi
