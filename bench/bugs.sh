#!/usr/bin/env bash
# Benchmark: `ferrometer bugs` against `git log --name-status --no-renames`
# (what a user scripts today to get each commit's message and files) over the
# same history, side by side in one hyperfine run; message-only
# classification (`--no-files`); peak memory; and the accuracy against the
# hand labels in bench/bugs-eval/.
#
#   bash bench/bugs.sh            # results on stdout; paste into bench/RESULTS.md
#
# Environment:
#   REPO_DIR    a clone (bare is fine) with more than 50,000 commits;
#               default: a bare clone of github.com/git/git into bench/work/
#   CURL_DIR, FISH_DIR, VULNS_DIR   the repositories the labels come from
#               (curl, fish-shell, and the kernel CVE records' repository,
#               thefossguy-ciq/kernel-security-vulns); default: bare clones
#               into bench/work/. EVAL=0 skips the accuracy part.
#   KERNEL_TREE an unpacked kernel source tree (Debian's linux-source-6.12) to run the
#               kernel CVE records against, without history; default: skipped
#   FM          a ferrometer binary to time (default: build target/release/ferrometer)
# Needs: git, hyperfine, python3, /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$PWD/bench/work
mkdir -p "$work"

clone() { # url dir
    [ -d "$2" ] || git clone -q --bare "$1" "$2"
}
REPO_DIR=${REPO_DIR:-$work/git.git}
clone https://github.com/git/git "$REPO_DIR"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
if [ -z "${FM:-}" ]; then
    cargo build --release -q
fi
fm=${FM:-$PWD/target/release/ferrometer}

commits=$(git -C "$REPO_DIR" rev-list --count HEAD)
echo "## Machine"
echo "- $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(uname -sr)"
echo "- $("$fm" --version); $(git --version); $(hyperfine --version)"
echo "- repository: $REPO_DIR at $(git -C "$REPO_DIR" rev-parse --short HEAD), $commits commits"
echo

echo "## Wall time: HEAD's whole history (hyperfine)"
hyperfine --warmup 1 --runs 3 --export-markdown "$work/bugs-time.md" \
    -n "git log --name-status --no-renames" \
    "git -C $REPO_DIR log --name-status --no-renames --format=%H%n%B HEAD" \
    -n "ferrometer bugs (files, renames followed)" \
    "$fm -q bugs $REPO_DIR" \
    -n "git log (messages only)" \
    "git -C $REPO_DIR log --format=%H%n%B HEAD" \
    -n "ferrometer bugs --no-files" \
    "$fm -q bugs $REPO_DIR --no-files" >/dev/null
cat "$work/bugs-time.md"
echo

echo "## Peak memory (max RSS)"
for cmd in "$fm -q bugs $REPO_DIR" "$fm -q bugs $REPO_DIR --no-files" \
    "$fm -q bugs $REPO_DIR --by subsystem --no-cache"; do
    /usr/bin/time -f "%M KiB, %e s  $cmd" $cmd 2>&1 >/dev/null | tail -1 | sed 's/^/- /'
done
echo

echo "## Summary of the run (ferrometer bugs, per year)"
"$fm" -q bugs "$REPO_DIR" --since 2020-01-01 --format markdown
echo

if [ "${EVAL:-1}" = 1 ]; then
    CURL_DIR=${CURL_DIR:-$work/curl.git}
    FISH_DIR=${FISH_DIR:-$work/fish-shell.git}
    VULNS_DIR=${VULNS_DIR:-$work/kernel-security-vulns.git}
    clone https://github.com/curl/curl "$CURL_DIR"
    clone https://github.com/fish-shell/fish-shell "$FISH_DIR"
    clone https://github.com/thefossguy-ciq/kernel-security-vulns "$VULNS_DIR"
    vulns=$work/vulns
    if [ ! -d "$vulns/cve/published" ]; then
        mkdir -p "$vulns"
        git --git-dir="$VULNS_DIR" archive master cve/published | tar -x -C "$vulns"
    fi
    echo "## Accuracy against the hand labels (bench/bugs-eval/)"
    # Sets 1-12 were tuned on (each after it had been scored blind once); set 13 is held out.
    sets=$(ls bench/bugs-eval/curl-set*.tsv | sed 's/.*-set\([0-9]*\)\.tsv/--set\1/' | sort -V)
    for set in "" --heldout $sets; do
        echo "Set ${set:-first}:"
        echo '```'
        python3 bench/bugs_eval.py "$fm" "$CURL_DIR" "$FISH_DIR" "$vulns/cve/published" $set
        echo '```'
    done
    if [ -n "${KERNEL_TREE:-}" ]; then
        echo
        echo "## Kernel CVE records against $(basename "$KERNEL_TREE") (no history)"
        for args in "" "--by subsystem --top 10" "--by language"; do
            /usr/bin/time -f "%M KiB, %e s" -o "$work/bugs-kernel.time" \
                "$fm" -q bugs "$KERNEL_TREE" --advisories "$vulns/cve/published" $args --no-cache \
                --format markdown >"$work/bugs-kernel.md"
            echo "\`ferrometer bugs <tree> --advisories cve/published $args\` ($(cat "$work/bugs-kernel.time")):"
            echo
            cat "$work/bugs-kernel.md"
            echo
        done
    fi
fi
