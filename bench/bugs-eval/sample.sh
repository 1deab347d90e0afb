#!/usr/bin/env bash
# Draws the evaluation samples of `ferrometer bugs` (see bench/bugs-eval/README.md).
# Usage: bench/bugs-eval/sample.sh CURL_REPO FISH_REPO VULNS_REPO
# Prints three lists to stdout, each preceded by a "## name" line. The samples are
# reproducible: "random" = the N commits with the lowest ids (ids are hashes, so this is a
# uniform sample), "keyword" = the next N lowest ids among commits whose message matches a
# broad, tool-independent grep, so that the sample holds enough bug fixes to measure recall.
set -eu  # no pipefail: head closes its pipe early
curl=$1 fish=$2 vulns=$3
grep_re='crash|overflow|overrun|overread|use.after|double.free|null|uninit|leak|race|fuzz|cve-|out.of.bounds|bounds|heap|segfault|asan|valgrind|memory|free\(|dangling'
sample() { # repo n_random n_keyword
  local random
  random=$(git -C "$1" rev-list --no-merges HEAD | sort | head -"$2")
  echo "$random"
  git -C "$1" log --no-merges --format=%H -i -E --grep="$grep_re" | sort |
    grep -v -F -x -f <(echo "$random") | head -"$3"
}
echo "## curl"; sample "$curl" 60 70
echo "## fish-shell"; sample "$fish" 40 50
echo "## kernel-cves"
git -C "$vulns" ls-tree -r --name-only master cve/published | grep '\.json$' |
  while read -r f; do echo "$(echo -n "$f" | sha1sum | cut -c1-40) $f"; done |
  sort | head -100 | cut -d' ' -f2 | sed 's|.*/||; s|\.json$||'

# The held-out set: the next ids of the same orderings (none of the ids above),
# labelled after the rules were tuned on the set above and never used to tune them.
if [ "${HELDOUT:-0}" = 1 ]; then
  heldout() { # repo n_random_before n_random n_keyword_before n_keyword
    local before random
    before=$(sample "$1" "$2" "$4")
    random=$(git -C "$1" rev-list --no-merges HEAD | sort | grep -v -F -x -f <(echo "$before") | head -"$3")
    echo "$random"
    git -C "$1" log --no-merges --format=%H -i -E --grep="$grep_re" | sort |
      grep -v -F -x -f <(echo "$before"; echo "$random") | head -"$5"
  }
  echo "## curl-heldout"; heldout "$curl" 60 40 70 60
  echo "## fish-shell-heldout"; heldout "$fish" 40 30 50 40
  echo "## kernel-cves-heldout"
  git -C "$vulns" ls-tree -r --name-only master cve/published | grep '\.json$' |
    while read -r f; do echo "$(echo -n "$f" | sha1sum | cut -c1-40) $f"; done |
    sort | head -200 | tail -n +101 | cut -d' ' -f2 | sed 's|.*/||; s|\.json$||'
fi

# Later sets (SET=3, SET=4, ...), each drawn after the rules had been tuned on the sets before it:
# the lowest ids, by the same orderings, not in the labelled files of the earlier sets (the first
# set, the held-out set, set3 .. set<N-1>).
if [ -n "${SET:-}" ]; then
  here=$(dirname "$0")
  earlier=("$here"/curl.tsv "$here"/fish-shell.tsv "$here"/kernel-cves.tsv "$here"/*-heldout.tsv)
  for ((k = 3; k < SET; k++)); do earlier+=("$here"/*-set$k.tsv); done
  labelled=$(grep -hv '^#' "${earlier[@]}" | cut -f1)
  later() { # repo n_random n_keyword
    local random
    random=$(git -C "$1" rev-list --no-merges HEAD | sort | grep -v -F -x -f <(echo "$labelled") | head -"$2")
    echo "$random"
    git -C "$1" log --no-merges --format=%H -i -E --grep="$grep_re" | sort |
      grep -v -F -x -f <(echo "$labelled"; echo "$random") | head -"$3"
  }
  echo "## curl-set$SET"; later "$curl" 40 60
  echo "## fish-shell-set$SET"; later "$fish" 30 40
  echo "## kernel-cves-set$SET"
  git -C "$vulns" ls-tree -r --name-only master cve/published | grep '\.json$' |
    while read -r f; do echo "$(echo -n "$f" | sha1sum | cut -c1-40) $f"; done |
    sort | cut -d' ' -f2 | sed 's|.*/||; s|\.json$||' | grep -v -F -x -f <(echo "$labelled") | head -100
fi
