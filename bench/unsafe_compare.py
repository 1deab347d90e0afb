#!/usr/bin/env python3
"""Compares clippy's undocumented_unsafe_blocks findings with ferrometer's,
site by site (file and line), per crate. Used by unsafe_vs_clippy.sh.

usage: unsafe_compare.py CORPUS TARGET_DIR CRATE_DIR...

ferrometer reads every line of every .rs file; clippy sees one build (this
platform, default features, the targets that built). The sites both see are
the ones rustc's `unsafe_code` lint (run alongside) reported: agreement is
measured on those. Sites ferrometer finds in code that build did not compile
(cfg'd out, features off, macro arms never expanded) are counted apart, and so
are sites in files the build did not reach at all.
"""
import glob
import json
import os
import sys

corpus, target, dirs = sys.argv[1], sys.argv[2], sys.argv[3:]



def messages(path):
    """The JSON messages of a `cargo --message-format=json` log, skipping other lines."""
    for line in open(path, errors="replace"):
        try:
            yield json.loads(line)
        except ValueError:
            continue


def compiled_files(crate_dir, clippy_json):
    """The .rs files the build compiled for this crate: from each artifact
    clippy reported for it, its dep-info (.d) file next to the .rmeta."""
    files = set()
    for m in messages(clippy_json):
        if m.get("reason") != "compiler-artifact":
            continue
        if os.path.dirname(os.path.realpath(m.get("manifest_path", ""))) != crate_dir:
            continue
        for fn in m.get("filenames", []):
            base, _ = os.path.splitext(fn)
            head, tail = os.path.split(base)
            for cand in (os.path.join(head, tail[3:] if tail.startswith("lib") else tail) + ".d", base + ".d"):
                if not os.path.exists(cand):
                    continue
                with open(cand, errors="replace") as f:
                    for dl in f:
                        head_part, _, rest = dl.partition(": ")
                        for p in rest.split():
                            if p.endswith(".rs"):
                                full = p if os.path.isabs(p) else os.path.join(crate_dir, p)
                                files.add(os.path.realpath(full))
                break
    return files


rows, all_missed, all_extra = [], [], []
tot = dict(clippy=0, ours=0, both=0, not_built=0, not_reached=0)
for d in dirs:
    name = os.path.basename(d)
    real = os.path.realpath(d)
    clippy, seen = set(), set()
    path = os.path.join(corpus, f"clippy-{name}.json")
    for m in messages(path):
        if m.get("reason") != "compiler-message":
            continue
        msg = m["message"]
        code = (msg.get("code") or {}).get("code")
        if code not in ("clippy::undocumented_unsafe_blocks", "unsafe_code"):
            continue
        for s in msg["spans"]:
            if not s["is_primary"]:
                continue
            f = s["file_name"]
            f = os.path.realpath(f if os.path.isabs(f) else os.path.join(d, f))
            if f.startswith(real + os.sep):
                site = (os.path.relpath(f, real), s["line_start"])
                (clippy if code.startswith("clippy") else seen).add(site)
    compiled = compiled_files(real, path)
    doc = json.load(open(os.path.join(corpus, f"fm-{name}.json")))
    ours, not_built, not_reached = set(), 0, 0
    for s in doc["sites"]:
        if s["rule"] not in ("undocumented-unsafe-block", "undocumented-unsafe-impl"):
            continue
        if s["documentation"] != "undocumented" or s["allowed"]:
            continue
        f = os.path.realpath(os.path.join(doc["root"], s["path"]))
        site = (os.path.relpath(f, real), s["line"])
        if site in seen or site in clippy:
            ours.add(site)
        elif f in compiled:
            not_built += 1
        else:
            not_reached += 1
    both = clippy & ours
    missed = sorted(clippy - ours)
    extra = sorted(ours - clippy)
    targets = open(os.path.join(corpus, f"clippy-{name}.targets")).read().strip() if os.path.exists(
        os.path.join(corpus, f"clippy-{name}.targets")) else "failed"
    rows.append((name, targets, len(clippy), len(ours), len(both), len(missed), len(extra), not_built, not_reached))
    tot["clippy"] += len(clippy)
    tot["ours"] += len(ours)
    tot["both"] += len(both)
    tot["not_built"] += not_built
    tot["not_reached"] += not_reached
    all_missed += [(name, f, l) for f, l in missed]
    all_extra += [(name, f, l) for f, l in extra]

print("## Agreement with clippy::undocumented_unsafe_blocks")
print("Undocumented unsafe blocks and impls, on the sites the build compiled (rustc's `unsafe_code`")
print("names them); the last two columns are ferrometer's findings in code that build left out:")
print("in compiled files (cfg'd-out items, macro arms never expanded) and in files it never read.")
print()
print("| Crate | clippy targets | clippy | ferrometer | both | clippy only | ferrometer only | not built | not read |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print("| " + " | ".join(str(x) for x in r) + " |")
c, o, b = tot["clippy"], tot["ours"], tot["both"]
print(f"| **Total** | | {c} | {o} | {b} | {c - b} | {o - b} | {tot['not_built']} | {tot['not_reached']} |")
print()
if c:
    print(f"- clippy's findings found at the same file:line: {b}/{c} = {100 * b / c:.1f}%")
    print(f"- ferrometer's extra findings on those sites: {o - b} = {100 * (o - b) / c:.1f}% of clippy's count")
    print(f"- outside that build: {tot['not_built']} in compiled files, {tot['not_reached']} in files it did not read")


def excerpt(name, f, l):
    try:
        with open(os.path.join(corpus, name, f), errors="replace") as fh:
            lines = fh.read().splitlines()
        return lines[l - 1].strip()[:90]
    except (OSError, IndexError):
        return ""


for title, items in (("clippy only", all_missed), ("ferrometer only", all_extra)):
    print()
    print(f"### {title} ({len(items)})")
    for name, f, l in items[:60]:
        print(f"- `{name}/{f}:{l}` `{excerpt(name, f, l)}`")
