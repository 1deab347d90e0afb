//! The directory index: which `F:`/`X:` patterns a path has to test.
//!
//! Every pattern is filed under the directory its literal beginning names and, within it, under
//! the rest of that literal (see [`split_literal`](super::pattern::split_literal)):
//! `include/linux/phy.h` is filed as (`include/linux/`, `phy.h`), `drivers/net/phy/bcm*.c` as
//! (`drivers/net/phy/`, `bcm`), `drivers/net/` as (`drivers/net/`, `""`) and `*` as (`""`, `""`).
//! The directories form a tree keyed by component; a path walks down it along its own directories
//! (`""`, `a/`, `a/b/`, …) until one is missing, and in each directory on the way tests the patterns
//! whose rest is a prefix of the path's next component. Directories such as
//! `include/linux/` hold hundreds of patterns; the prefix search keeps a path from testing them
//! all.
//!
//! Wildcards right after a directory (`drivers/*/*rockchip*`, `arch/*/include/asm/tlb.h`) have
//! no rest, and `drivers/` and `arch/` have dozens of them over tens of thousands of files. But a
//! pattern that doesn't end in `/` only matches paths with as many `/` as itself, so none of its
//! wildcards can match a `/`: its last component lines up with the path's last component. Those
//! patterns are filed by their number of `/` and then by the literal beginning of their last
//! component (`tlb.h`), and a path only tests the ones with its own number of `/` whose last
//! component's beginning its file name starts with.

use std::collections::HashMap;

use crate::hash::FxBuildHasher;

/// Pattern ids filed by directory and literal text.
#[derive(Debug, Default)]
pub(crate) struct DirIndex {
    /// The directory tree; the root (`""`) is node 0, once anything is filed.
    nodes: Vec<Node>,
}

#[derive(Debug, Default)]
struct Node {
    bucket: Bucket,
    /// Subdirectory name → node.
    children: HashMap<Box<str>, u32, FxBuildHasher>,
}

/// Where a pattern goes in the index.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Filing<'a> {
    /// The directory its literal beginning names: `""` or ending in `/`.
    pub(crate) dir: &'a str,
    /// The rest of its literal beginning, without `/`.
    pub(crate) rest: &'a str,
    /// For a pattern that doesn't end in `/`: its number of `/`, and the literal beginning of its
    /// last component (`""` when not known, for patterns that need the regex crate).
    pub(crate) exact: Option<(u32, &'a str)>,
}

#[derive(Debug, Default)]
struct Bucket {
    /// Patterns whose literal continues into the next component, sorted by that continuation.
    named: Named,
    /// Patterns ending in `/` whose literal ends at the directory: every path below tests them.
    wild: Vec<u32>,
    /// The other patterns whose literal ends at the directory, by number of `/` (sorted), then by
    /// the literal beginning of their last component.
    by_slashes: Vec<(u32, Leaf)>,
}

#[derive(Debug, Default)]
struct Leaf {
    /// Patterns whose last component starts with a wildcard.
    wild: Vec<u32>,
    /// The others, sorted by the literal beginning of their last component.
    named: Named,
}

/// Literals with their pattern ids, sorted, searched with [`Named::prefixes_of`].
#[derive(Debug, Default)]
struct Named(Vec<NamedEntry>);

/// One literal of a [`Named`] list, with its first 8 bytes inline so that most comparisons of
/// the binary search don't follow the pointer.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct NamedEntry {
    head: u64,
    literal: Box<str>,
    id: u32,
}

impl NamedEntry {
    fn new(literal: &str, id: u32) -> Self {
        NamedEntry {
            head: head(literal.as_bytes()),
            literal: literal.into(),
            id,
        }
    }
}

/// The first 8 bytes, zero-padded, as a big-endian number. When the heads of two strings differ,
/// they compare as the strings do; when they are equal, the strings must be compared.
fn head(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    let n = bytes.len().min(8);
    word[..n].copy_from_slice(&bytes[..n]);
    u64::from_be_bytes(word)
}

impl DirIndex {
    /// Files pattern `id`.
    pub(crate) fn insert(&mut self, filing: Filing<'_>, id: u32) {
        if self.nodes.is_empty() {
            self.nodes.push(Node::default());
        }
        let mut node = 0;
        for component in filing.dir.split_terminator('/') {
            node = match self.nodes[node].children.get(component) {
                Some(&child) => child as usize,
                None => {
                    let child = self.nodes.len();
                    let child_id = u32::try_from(child).expect("fewer than 2^32 directories");
                    self.nodes[node].children.insert(component.into(), child_id);
                    self.nodes.push(Node::default());
                    child
                }
            };
        }
        let bucket = &mut self.nodes[node].bucket;
        match filing.exact {
            _ if !filing.rest.is_empty() => bucket.named.0.push(NamedEntry::new(filing.rest, id)),
            None => bucket.wild.push(id),
            Some((slashes, last)) => {
                let at = match bucket
                    .by_slashes
                    .binary_search_by_key(&slashes, |(n, _)| *n)
                {
                    Ok(at) => at,
                    Err(at) => {
                        bucket.by_slashes.insert(at, (slashes, Leaf::default()));
                        at
                    }
                };
                let leaf = &mut bucket.by_slashes[at].1;
                if last.is_empty() {
                    leaf.wild.push(id);
                } else {
                    leaf.named.0.push(NamedEntry::new(last, id));
                }
            }
        }
    }

    /// Sorts the buckets; call once, after the last insert.
    pub(crate) fn finish(&mut self) {
        for node in &mut self.nodes {
            node.bucket.named.0.sort_unstable();
            for (_, leaf) in &mut node.bucket.by_slashes {
                leaf.named.0.sort_unstable();
            }
        }
    }

    /// The number of directories in the index (with ancestors).
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Calls `f` with every pattern id that may match `path`, which has `path_slashes` `/`.
    /// Ids come in no particular order; each comes once.
    pub(crate) fn candidates(&self, path: &str, path_slashes: u32, mut f: impl FnMut(u32)) {
        let Some(root) = self.nodes.first() else {
            return;
        };
        let bytes = path.as_bytes();
        let file_name = &bytes[bytes.iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1)..];
        let mut probe = |node: &Node, dir_end: usize| {
            let bucket = &node.bucket;
            for &id in &bucket.wild {
                f(id);
            }
            let tail = &bytes[dir_end..];
            let component = &tail[..tail.iter().position(|&b| b == b'/').unwrap_or(tail.len())];
            bucket.named.prefixes_of(component, &mut f);
            if let Ok(at) = bucket
                .by_slashes
                .binary_search_by_key(&path_slashes, |(n, _)| *n)
            {
                let leaf = &bucket.by_slashes[at].1;
                for &id in &leaf.wild {
                    f(id);
                }
                leaf.named.prefixes_of(file_name, &mut f);
            }
        };
        probe(root, 0);
        let mut node = root;
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'/' {
                let Some(&child) = node.children.get(&path[start..i]) else {
                    return;
                };
                node = &self.nodes[child as usize];
                probe(node, i + 1);
                start = i + 1;
            }
        }
    }
}

impl Named {
    /// Calls `f` with the id of every entry whose literal is a non-empty prefix of `text`.
    ///
    /// The sorted list is searched from the largest literal `<= limit`, with `limit` starting as
    /// the whole text. If that literal is a prefix, it (and its duplicates) match, and any other
    /// match is shorter: `limit` becomes the literal minus its last byte. If not, any match is at
    /// most as long as the common prefix of the two (a longer one would sort after it): `limit`
    /// becomes that. `limit` shrinks at every step, so this takes a few binary searches, not a
    /// scan.
    fn prefixes_of(&self, text: &[u8], f: &mut impl FnMut(u32)) {
        // Each limit is smaller than the last, so each search can stop where the last one ended.
        let mut named = &self.0[..];
        let mut limit = text;
        while !limit.is_empty() {
            let limit_head = head(limit);
            let end = named.partition_point(|entry| match entry.head.cmp(&limit_head) {
                std::cmp::Ordering::Less => true,
                std::cmp::Ordering::Greater => false,
                std::cmp::Ordering::Equal => entry.literal.as_bytes() <= limit,
            });
            let Some(last) = end.checked_sub(1) else {
                return;
            };
            let candidate = named[last].literal.as_bytes();
            let common = candidate
                .iter()
                .zip(limit)
                .take_while(|(a, b)| a == b)
                .count();
            if common == candidate.len() {
                for entry in named[..end]
                    .iter()
                    .rev()
                    .take_while(|entry| entry.literal.as_bytes() == candidate)
                {
                    f(entry.id);
                }
                limit = &limit[..candidate.len() - 1];
            } else {
                limit = &limit[..common];
            }
            named = &named[..last];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filing<'a>(dir: &'a str, rest: &'a str) -> Filing<'a> {
        Filing {
            dir,
            rest,
            exact: None,
        }
    }

    fn candidates(index: &DirIndex, path: &str) -> Vec<u32> {
        let slashes = path.bytes().filter(|&b| b == b'/').count() as u32;
        let mut got = Vec::new();
        index.candidates(path, slashes, |id| got.push(id));
        got.sort_unstable();
        got
    }

    #[test]
    fn prefix_search_finds_every_prefix() {
        let mut index = DirIndex::default();
        let rests = [
            "a", "ab", "abc", "abd", "b", "abcd", "ac", "a", "zz", "abc.h",
        ];
        for (id, rest) in rests.iter().enumerate() {
            index.insert(filing("d/", rest), id as u32);
        }
        index.insert(filing("d/", ""), 100);
        index.insert(filing("", ""), 200);
        index.insert(filing("d/e/f/", "x"), 300);
        index.finish();
        for component in [
            "abcd", "abc", "ab", "a", "b", "abce", "ac", "c", "", "abc.h", "zzz",
        ] {
            let mut want: Vec<u32> = rests
                .iter()
                .enumerate()
                .filter(|(_, r)| component.starts_with(*r))
                .map(|(id, _)| id as u32)
                .chain([100, 200])
                .collect();
            want.sort_unstable();
            assert_eq!(
                candidates(&index, &format!("d/{component}")),
                want,
                "{component}"
            );
        }
        assert_eq!(candidates(&index, "d/e/f/xy/z"), [100, 200, 300]);
        // Rests are matched against the component only, up to the next `/`.
        assert_eq!(candidates(&index, "d/a/bc"), [0, 7, 100, 200]);
    }

    #[test]
    fn heads_order_like_strings() {
        let words = [
            "",
            "a",
            "a\0",
            "ab",
            "abcdefgh",
            "abcdefghi",
            "abcdefgi",
            "b",
            "\u{e9}",
        ];
        for x in words {
            for y in words {
                let (hx, hy) = (head(x.as_bytes()), head(y.as_bytes()));
                if hx != hy {
                    assert_eq!(hx.cmp(&hy), x.cmp(y), "{x:?} {y:?}");
                }
            }
        }
    }

    #[test]
    fn exact_patterns_are_filed_by_slashes_and_file_name() {
        let mut index = DirIndex::default();
        let exact = |slashes, last| Filing {
            dir: "arch/",
            rest: "",
            exact: Some((slashes, last)),
        };
        index.insert(exact(4, "tlb.h"), 1); // arch/*/include/asm/tlb.h
        index.insert(exact(4, "tlb"), 2); // arch/*/include/asm/tlb*
        index.insert(exact(2, ""), 3); // arch/*/*ftrace*
        index.insert(exact(4, ""), 4); // arch/*/*/*/*x*
        index.insert(filing("arch/", ""), 5); // arch/*/boot/dts/
        index.finish();
        assert_eq!(
            candidates(&index, "arch/x86/include/asm/tlb.h"),
            [1, 2, 4, 5]
        );
        assert_eq!(
            candidates(&index, "arch/x86/include/asm/tlbflush.h"),
            [2, 4, 5]
        );
        assert_eq!(candidates(&index, "arch/x86/include/asm/io.h"), [4, 5]);
        assert_eq!(candidates(&index, "arch/x86/ftrace.c"), [3, 5]);
        assert_eq!(candidates(&index, "arch/x86/kernel/ftrace.c"), [5]);
        assert_eq!(candidates(&index, "arch/x86/boot/dts/a/b/c"), [5]);
    }
}
