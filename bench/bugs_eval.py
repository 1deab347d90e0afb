#!/usr/bin/env python3
"""Scores `ferrometer bugs` against the hand labels in bench/bugs-eval/.

Usage: bench/bugs_eval.py FERROMETER CURL_REPO FISH_REPO VULNS_PUBLISHED_DIR [--show] [--heldout|--setN]

Without a flag it scores the first labelled set (the one the rules were first
tuned on); with --heldout, the second set, held out then and tuned on later;
with --set3, the third set, labelled after that tuning and tuned on later;
with --set4, the fourth set, labelled after the tuning on sets 1-3 and tuned on later;
with --set5, the fifth set, labelled after the tuning on sets 1-4 and held out from it;
with --set6, the sixth set, labelled after that and scored first with the same rules;
with --set7, the seventh set, labelled before the tuning on sets 5-6, scored blind after it, tuned on later;
with --set8, the eighth set, labelled while the rules were tuned on sets 1-7, scored blind, tuned on later;
with --set9, the ninth set, labelled while the rules were tuned on sets 1-8, scored blind, tuned on later;
with --set10, the tenth set, labelled while the rules were tuned on sets 1-9, scored blind with them;
with --set11, the eleventh set, labelled after that and scored blind with the same rules;
with --set12, the twelfth set, labelled while the rules were tuned on sets 1-11, scored blind, tuned on later;
with --set13, the thirteenth set, labelled while the rules were tuned on sets 1-12 and held out from it;
with --set14, --set15, --set16, three sets labelled at once after that; set 14 was scored blind first,
sets 15 and 16 after the tuning on set 14;
with --set17, --set18, two sets labelled while the rules were tuned on sets 15-16, and held out from it;
with --set19, --set20, two more sets labelled after that, scored once, then tuned on (the C++ crash rule);
with --set21, --set22, two more sets labelled after that, scored once, then tuned on (curl's misses);
with --set23, --set24, two more sets labelled while those rules were written, never tuned on.
with --set25, a set labelled after the next stop's speed work and scored once with its final build; tuned on by the stop after.
with --set26, a set labelled at the start of the stop after that and scored once with its rules (c8e4b2c), then tuned on;
with --set27, a set labelled after that tuning and scored once with the stop's final rules (fc82e19); never tuned on.

For the two repositories, `bugs --list --format json` (the default, with
file attribution) lists every commit it calls a fix, with its class; a sampled commit not listed is "not a
fix". For the kernel CVE records, `bugs --advisories` on a tree without
history classifies each record from its own text. A commit is a
*memory-safety fix* when it is a fix and its class is one of the ten
memory-safety classes (memory-leak and not-memory are not). Prints precision
and recall of that call per source and overall, fix/not-fix accuracy, and
class accuracy over the labelled memory-safety fixes; --show lists every
disagreement by id (no message text).
"""
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

MEMORY = {
    "use-after-free", "out-of-bounds", "double-free", "invalid-free", "null-deref",
    "uninitialized", "data-race", "type-confusion", "integer-overflow", "other-memory",
}
HERE = Path(__file__).resolve().parent / "bugs-eval"


def labels(name, folder=HERE):
    out = {}
    for line in (folder / f"{name}.tsv").read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        ident, fix, cls = line.split("\t")
        out[ident] = (fix in ("yes", "1"), cls)
    return out


def predicted_repo(fm, repo):
    doc = json.loads(subprocess.run(
        [fm, "-q", "bugs", repo, "--list", "--format", "json"],
        check=True, capture_output=True, text=True).stdout)
    return {i["id"]: (True, i["class"]) for i in doc["items"]}


def predicted_cves(fm, published, ids):
    with tempfile.TemporaryDirectory() as tmp:
        adv = Path(tmp) / "adv"
        tree = Path(tmp) / "tree"
        adv.mkdir()
        tree.mkdir()
        for ident in ids:
            year = ident.split("-")[1]
            src = Path(published) / year / f"{ident}.json"
            (adv / src.name).write_bytes(src.read_bytes())
        doc = json.loads(subprocess.run(
            [fm, "-q", "bugs", str(tree), "--advisories", str(adv), "--no-kloc", "--list",
             "--format", "json"],
            check=True, capture_output=True, text=True).stdout)
    return {i["id"]: (True, i["class"]) for i in doc["items"]}


def score(name, gold, pred, show):
    tp = fp = fn = tn = 0
    fix_ok = 0
    class_ok = class_n = 0
    rows = []
    for ident, (gfix, gcls) in gold.items():
        pfix, pcls = pred.get(ident, (False, "not-memory"))
        g = gfix and gcls in MEMORY
        p = pfix and pcls in MEMORY
        tp += g and p
        fp += p and not g
        fn += g and not p
        tn += not g and not p
        fix_ok += gfix == pfix
        if g:
            class_n += 1
            class_ok += pcls == gcls
        if (g, gcls if g else None) != (p, pcls if p else None) or gfix != pfix:
            rows.append(f"  {ident[:12] if len(ident) == 40 else ident}: label {'fix' if gfix else 'no-fix'}/{gcls}, "
                        f"ferrometer {'fix' if pfix else 'no-fix'}/{pcls}")
    prec = tp / (tp + fp) if tp + fp else float("nan")
    rec = tp / (tp + fn) if tp + fn else float("nan")
    print(f"{name:12} n={len(gold):3}  memory-safety fixes: labelled {tp + fn:3}, found {tp + fp:3}, "
          f"TP {tp:3} FP {fp:2} FN {fn:2}  precision {prec:.3f} recall {rec:.3f}  "
          f"fix/not-fix agreement {fix_ok / len(gold):.3f}  class right {class_ok}/{class_n}")
    if show:
        print("\n".join(rows))
    return tp, fp, fn, class_ok, class_n


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = "--show" in sys.argv
    # --heldout and --setN name the files' suffixes (-heldout, -setN).
    flag = next((a for a in sys.argv[1:] if a == "--heldout" or re.fullmatch(r"--set\d+", a)), None)
    suffix = flag[1:] if flag else ""
    if flag and not (HERE / f"curl{suffix}.tsv").exists():
        sys.exit(f"bugs_eval: no labels for {flag} in {HERE}")
    fm, curl, fish, published = args
    totals = [0, 0, 0, 0, 0]
    for name, gold, pred in [
        ("curl", labels("curl" + suffix), None),
        ("fish-shell", labels("fish-shell" + suffix), None),
        ("kernel-cves", labels("kernel-cves" + suffix), None),
    ]:
        if name == "curl":
            pred = predicted_repo(fm, curl)
        elif name == "fish-shell":
            pred = predicted_repo(fm, fish)
        else:
            pred = predicted_cves(fm, published, list(gold))
        for i, v in enumerate(score(name, gold, pred, show)):
            totals[i] += v
    tp, fp, fn, cok, cn = totals
    print(f"{'all':12} memory-safety fixes: TP {tp} FP {fp} FN {fn}  precision {tp / (tp + fp):.3f} "
          f"recall {tp / (tp + fn):.3f}  class right {cok}/{cn} ({cok / cn:.3f})")


if __name__ == "__main__":
    main()
