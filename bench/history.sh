#!/usr/bin/env bash
# Benchmark: `ferrometer history` against the obvious way a user does it today
# (check out each release tag, run tokei), side by side in one hyperfine run;
# the warm-cache rerun; the equality of every revision with `ferrometer scan`
# of a checkout; a kernel repository built from Debian's linux-source-6.1 and
# linux-source-6.12; peak memory.
#
#   bash bench/history.sh          # results on stdout; paste into bench/RESULTS.md
#
# Environment:
#   REPO_DIR     a clone (bare is fine) of a repository with many release tags;
#                default: a bare clone of github.com/fish-shell/fish-shell
#                (C++ until 3.7, Rust from 4.0) into bench/work/
#   TAGS         the tag glob (default '[0-9]*': fish's release tags)
#   KERNEL=0     skip the kernel case
#   FM           a ferrometer binary to time (default: build target/release/ferrometer)
# Needs: git, hyperfine, tokei, python3, apt-get (kernel sources), /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$PWD/bench/work
mkdir -p "$work"

REPO_DIR=${REPO_DIR:-$work/fish-shell.git}
TAGS=${TAGS:-'[0-9]*'}
if [ ! -d "$REPO_DIR" ]; then
    git clone -q --bare https://github.com/fish-shell/fish-shell "$REPO_DIR"
fi
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
command -v tokei >/dev/null || cargo install tokei --locked
if [ -z "${FM:-}" ]; then
    cargo build --release -q
fi
fm=${FM:-$PWD/target/release/ferrometer}

# The release tags, as ferrometer chooses them (version order, no pre-releases).
"$fm" history "$REPO_DIR" --tags "$TAGS" --no-cache --format json >"$work/h-tags.json"
mapfile -t tags < <(python3 -c 'import json,sys; [print(r["name"]) for r in json.load(open(sys.argv[1]))["revisions"]]' "$work/h-tags.json")

echo "## Machine"
echo "- $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(uname -sr)"
echo "- $("$fm" --version); $(tokei --version | head -1); $(git --version); $(hyperfine --version)"
echo "- repository: $(git -C "$REPO_DIR" config --get remote.origin.url || echo "$REPO_DIR"),"
echo "  $(git -C "$REPO_DIR" rev-list --count --all) commits, ${#tags[@]} release tags ($TAGS, pre-releases left out: ${tags[0]} … ${tags[-1]})"
echo

# The baseline: one work tree, each tag checked out in turn (git only rewrites
# what changed), then tokei on it.
wt=$work/history-wt
rm -rf "$wt"
git -C "$REPO_DIR" worktree prune
git -C "$REPO_DIR" worktree add -q --detach "$wt" "${tags[0]}"
printf '%s\n' "${tags[@]}" >"$work/tags.txt"
cat >"$work/checkout-tokei.sh" <<EOF
#!/usr/bin/env bash
set -e
while read -r t; do
    git -C "$wt" checkout -q --detach "\$t"
    tokei -o json "$wt" >/dev/null
done <"$work/tags.txt"
EOF
chmod +x "$work/checkout-tokei.sh"

cache=$work/history-cache.sqlite
echo "## Wall time: all ${#tags[@]} release tags (hyperfine)"
# hyperfine pairs the n-th --prepare with the n-th command: only the cold
# run starts from an empty cache; the warm runs reuse what it left.
hyperfine --runs 3 --export-markdown "$work/history-time.md" \
    --prepare true -n "git checkout + tokei, per tag" "$work/checkout-tokei.sh" \
    --prepare true -n "ferrometer history, no cache" "$fm history $REPO_DIR --tags '$TAGS' --no-cache" \
    --prepare "rm -f $cache $cache-wal $cache-shm" -n "ferrometer history, cold cache" \
    "$fm history $REPO_DIR --tags '$TAGS' --cache $cache" \
    --prepare true -n "ferrometer history, warm cache" "$fm history $REPO_DIR --tags '$TAGS' --cache $cache" \
    >/dev/null
cat "$work/history-time.md"
echo

# One new tag on top of a warm cache: drop the newest tag's blobs by using a
# cache filled from all tags but the last.
rm -f "$cache" "$cache-wal" "$cache-shm"
"$fm" history "$REPO_DIR" --revs "$(IFS=,; echo "${tags[*]:0:${#tags[@]}-1}")" --cache "$cache" >/dev/null
cp "$cache" "$work/history-cache-minus-one.sqlite"
echo "## One new tag on a warm cache"
hyperfine --runs 5 --export-markdown "$work/history-newtag.md" \
    --prepare "cp $work/history-cache-minus-one.sqlite $cache; rm -f $cache-wal $cache-shm" \
    -n "all ${#tags[@]} tags, cache holds all but ${tags[-1]}" "$fm history $REPO_DIR --tags '$TAGS' --cache $cache" >/dev/null
cat "$work/history-newtag.md"
"$fm" history "$REPO_DIR" --tags "$TAGS" --cache "$cache" --format json >/dev/null
echo

echo "## Equality with scan of a checkout, every tag"
"$fm" history "$REPO_DIR" --tags "$TAGS" --by dir:1 --format json --cache "$cache" >"$work/h-dir.json"
differ=0
for t in "${tags[@]}"; do
    git -C "$wt" checkout -q --detach "$t"
    for by in language dir:1; do
        "$fm" scan "$wt" --by "$by" --format json >"$work/s.json"
        src=$work/h-tags.json
        [ "$by" = language ] || src=$work/h-dir.json
        python3 - "$src" "$work/s.json" "$t" <<'PY' || differ=$((differ + 1))
import json, sys
h = json.load(open(sys.argv[1]))
s = json.load(open(sys.argv[2]))
rev = next(r for r in h["revisions"] if r["name"] == sys.argv[3])
for k in ("rows", "total", "summary"):
    if rev[k] != s[k]:
        print(f"- {sys.argv[3]}: {k} differ")
        sys.exit(1)
PY
    done
done
echo "- ${#tags[@]} tags × 2 groupings compared: $differ differ"
echo

echo "## Peak memory (max RSS; includes the pages of the mmapped pack files that were read)"
set -f # $cmd is split into words, never globbed
for cmd in "$fm history $REPO_DIR --tags $TAGS --no-cache" "$fm history $REPO_DIR --tags $TAGS --cache $cache"; do
    /usr/bin/time -f "%M KiB, %e s  $cmd" $cmd 2>&1 >/dev/null | tail -1 | sed 's/^/- /'
done
set +f
echo

echo "## Growth of Rust, release by release (the last 8 tags, --lang rust --delta)"
"$fm" history "$REPO_DIR" --tags "$TAGS" --lang rust,c++,c++-header --delta --cache "$cache" --format markdown \
    | python3 -c 'import sys; l=sys.stdin.read().splitlines(); print("\n".join(l[:2]+l[-12:]))'
"$fm" history "$REPO_DIR" --tags "$TAGS" --lang rust,c++,c++-header,c --cache "$cache" --chart "$work/history-chart.svg" >/dev/null
echo
echo "(chart: $work/history-chart.svg)"
echo
git -C "$REPO_DIR" worktree remove --force "$wt"

[ "${KERNEL:-1}" = 0 ] && exit 0

# The kernel: a local repository whose commits are the Debian source trees of
# 6.1 and 6.12. Debian appends "ignore everything at the top" to the kernel's
# .gitignore; that block is cut so the trees are as upstream ships them.
krepo=$work/kernel-history
if [ ! -d "$krepo/.git" ]; then
    rm -rf "$krepo" && mkdir -p "$krepo"
    git -C "$krepo" init -q
    for v in 6.1 6.12; do
        deb=$(ls "$work"/linux-source-"$v"_*.deb 2>/dev/null | head -1 || true)
        if [ -z "$deb" ]; then
            (cd "$work" && apt-get download "linux-source-$v" >/dev/null 2>&1)
            deb=$(ls "$work"/linux-source-"$v"_*.deb | head -1)
        fi
        find "$krepo" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
        dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/linux-source-$v.tar.xz" \
            | tar -xJ -C "$krepo" --strip-components=1
        sed -i '/^# Debian packaging/,$d' "$krepo/.gitignore"
        sed -i '$d' "$krepo/.gitignore" # the '#' line before it
        git -C "$krepo" add -A -f  # the tarball is the tree: tracked files that .gitignore names too
        git -C "$krepo" -c user.name=bench -c user.email=bench@example.invalid \
            commit -q -m "linux-source-$v ($(basename "$deb"))"
        git -C "$krepo" tag "v$v"
    done
fi
kcache=$work/kernel-cache.sqlite
echo "## Kernel: linux-source-6.1 and 6.12 as two commits"
echo "- $(git -C "$krepo" log --format='%s' | tr '\n' ';')"
hyperfine --warmup 1 --runs 3 --export-markdown "$work/history-kernel.md" \
    --prepare true -n "ferrometer history, no cache" "$fm history $krepo --tags 'v*' --no-cache" \
    --prepare "rm -f $kcache $kcache-wal $kcache-shm" -n "ferrometer history, cold cache" \
    "$fm history $krepo --tags 'v*' --cache $kcache" \
    --prepare true -n "ferrometer history, warm cache" "$fm history $krepo --tags 'v*' --cache $kcache" \
    --prepare true -n "ferrometer scan (6.12 work tree, for scale)" "$fm scan $krepo" \
    >/dev/null
cat "$work/history-kernel.md"
echo
set -f
for cmd in "$fm history $krepo --tags v* --no-cache" "$fm history $krepo --tags v* --by subsystem --cache $kcache"; do
    /usr/bin/time -f "%M KiB, %e s  $cmd" $cmd 2>&1 >/dev/null | tail -1 | sed 's/^/- /'
done
set +f
echo
"$fm" history "$krepo" --tags 'v*' --lang rust,c --delta --cache "$kcache" --format markdown
echo
"$fm" history "$krepo" --revs v6.12 --by subsystem --format json --cache "$kcache" >"$work/hk.json"
"$fm" scan "$krepo" --by subsystem --format json >"$work/sk.json"
python3 - "$work/hk.json" "$work/sk.json" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))["revisions"][0]
s = json.load(open(sys.argv[2]))
same = all(h[k] == s[k] for k in ("rows", "total", "summary"))
print(f"- v6.12 --by subsystem equals scan of the work tree: {same} ({len(h['rows'])} rows)")
PY
