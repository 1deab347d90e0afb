#!/usr/bin/env bash
# Benchmark: `ferrometer scan` against tokei on the Linux 6.12 source from Debian, side by side
# in one hyperfine run, then per-language code/comment/blank from both tools.
#
#   bash bench/scan.sh            # results on stdout; paste into bench/RESULTS.md
#
# Needs: apt-get (for linux-source-6.12 and hyperfine), cargo (for tokei). Work files go to
# bench/work/ (git-ignored) unless KERNEL_DIR points at an unpacked tree.
set -euo pipefail
cd "$(dirname "$0")/.."
work=bench/work
mkdir -p "$work"

if [ -z "${KERNEL_DIR:-}" ]; then
    KERNEL_DIR=$work/linux-source-6.12
    if [ ! -d "$KERNEL_DIR" ]; then
        (cd "$work" && ls linux-source-6.12_*.deb >/dev/null 2>&1 || apt-get download linux-source-6.12)
        dpkg-deb --fsys-tarfile "$work"/linux-source-6.12_*.deb \
            | tar -xO ./usr/src/linux-source-6.12.tar.xz | tar -xJ -C "$work"
    fi
fi
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
command -v tokei >/dev/null || cargo install tokei --locked
cargo build --release -q
fm=target/release/ferrometer

echo "## Machine"
echo "- $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(uname -sr)"
echo "- $($fm --version); $(tokei --version | head -1); $(hyperfine --version)"
echo "- tree: $KERNEL_DIR ($(find "$KERNEL_DIR" -type f | wc -l) files)"
echo

echo "## Wall time (hyperfine, 2 warm-up runs, page cache warm)"
hyperfine --warmup 2 --runs 10 --export-markdown "$work/scan-time.md" \
    -n tokei "tokei $KERNEL_DIR" \
    -n "ferrometer scan" "$fm scan $KERNEL_DIR" \
    -n "ferrometer scan --by subsystem" "$fm scan $KERNEL_DIR --by subsystem" >/dev/null
cat "$work/scan-time.md"
echo

echo "## Peak memory (max RSS, /usr/bin/time)"
for cmd in "tokei $KERNEL_DIR" "$fm scan $KERNEL_DIR" "$fm scan $KERNEL_DIR --by subsystem"; do
    /usr/bin/time -f "%M KiB  $cmd" $cmd >/dev/null 2>>"$work/rss.txt" || true
done
tail -3 "$work/rss.txt" | sed 's/^/- /'
echo

echo "## Per-language counts"
echo
echo "ferrometer runs with --header-lang c here, since tokei counts every .h as C Header."
echo "tokei's Rust figures include its Markdown children (doc comments) and their nested"
echo "code blocks: ferrometer counts all those lines as comments (and doc)."
echo
tokei --output json "$KERNEL_DIR" > "$work/tokei.json"
$fm scan "$KERNEL_DIR" --header-lang c --format json > "$work/ferrometer.json"
python3 - "$work/tokei.json" "$work/ferrometer.json" <<'PY'
import json, sys
tk = json.load(open(sys.argv[1]))
fm = json.load(open(sys.argv[2]))
KEYS = ("files", "code", "comments", "blanks")
def ours(lang):
    rows = [x for x in fm["rows"] if x["language"] == lang]
    return {k: sum(x[k] for x in rows) for k in KEYS}
def nested(stats):
    # Lines tokei moved into child languages (Rust doc comments are Markdown
    # children, code blocks inside them are grandchildren): comments or blanks.
    com = bla = 0
    for child in stats.get("blobs", {}).values():
        c, b = nested(child)
        com += child["code"] + child["comments"] + c
        bla += child["blanks"] + b
    return com, bla
def theirs(lang):
    t = tk.get(lang, {})
    out = {"files": len(t.get("reports", [])), "code": 0, "comments": 0, "blanks": 0}
    for r in t.get("reports", []):
        s = r["stats"]
        com, bla = nested(s)
        out["code"] += s["code"]
        out["comments"] += s["comments"] + com
        out["blanks"] += s["blanks"] + bla
    return out
print("| language | tool | files | code | comments | blanks |")
print("|---|---|---:|---:|---:|---:|")
for lang in ("C", "C Header", "Rust"):
    a, b = theirs(lang), ours(lang)
    print(f"| {lang} | tokei | {a['files']} | {a['code']} | {a['comments']} | {a['blanks']} |")
    print(f"| {lang} | ferrometer | {b['files']} | {b['code']} | {b['comments']} | {b['blanks']} |")
    d = lambda k: f"{(b[k]-a[k])/a[k]*100:+.3f}%" if a[k] else "n/a"
    print(f"| {lang} | difference | {d('files')} | {d('code')} | {d('comments')} | {d('blanks')} |")
PY
