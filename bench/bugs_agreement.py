#!/usr/bin/env python3
"""Agreement between the labels in bench/bugs-eval/ and a second labeller's.

Usage: bench/bugs_agreement.py [N ...]   (default: every set with a file in
bench/bugs-eval/second-labeller/)

Takes the first labels as truth and scores the second labeller like a
classifier on "memory-safety fix" (a fix of one of the ten memory-safety
classes): precision, recall, Cohen's kappa per source and set, then pooled,
and how often the two agree on the class of an item both call a
memory-safety fix. This is the ceiling a classifier can be held to.
"""
import sys

from bugs_eval import HERE, MEMORY, labels


def load(name, folder=HERE):
    """id -> (is a memory-safety fix, class)."""
    return {i: (fix and cls in MEMORY, cls) for i, (fix, cls) in labels(name, folder).items()}


def main():
    second = HERE / "second-labeller"
    sets = sys.argv[1:] or sorted({p.stem.rsplit("-set", 1)[1] for p in second.glob("*.tsv")}, key=int)
    total = [0, 0, 0, 0]
    for n in sets:
        for source in ("curl", "fish-shell", "kernel-cves"):
            name = f"{source}-set{n}"
            if not (second / f"{name}.tsv").exists():
                continue
            a, b = load(name), load(name, second)
            assert a.keys() == b.keys(), f"{second / name}.tsv: not the same ids"
            tp = sum(a[i][0] and b[i][0] for i in a)
            fp = sum(b[i][0] and not a[i][0] for i in a)
            fn = sum(a[i][0] and not b[i][0] for i in a)
            tn = len(a) - tp - fp - fn
            same_class = sum(a[i][1] == b[i][1] for i in a if a[i][0] and b[i][0])
            po = (tp + tn) / len(a)
            pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / len(a) ** 2
            kappa = (po - pe) / (1 - pe) if pe < 1 else 1.0
            print(f"set {n:>2} {source:12} first {tp + fn:3} second {tp + fp:3} both {tp:3}  "
                  f"precision {tp / (tp + fp):.3f} recall {tp / (tp + fn):.3f} kappa {kappa:.3f}  "
                  f"same class {same_class}/{tp}")
            for k, v in enumerate((tp, fp, fn, same_class)):
                total[k] += v
    tp, fp, fn, same_class = total
    print(f"pooled: both {tp}, second only {fp}, first only {fn}  precision {tp / (tp + fp):.3f} "
          f"recall {tp / (tp + fn):.3f}  same class {same_class}/{tp}")


if __name__ == "__main__":
    main()
