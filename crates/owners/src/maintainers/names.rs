//! `N:` regexes, compiled together into one `RegexSet`.
//!
//! An `N:` regex may match anywhere in a path, so no directory index can narrow them down; every
//! path is searched with the set, once. (A prefilter on a literal required by each regex was
//! tried and dropped: with ~100 short literals it cost as much as the set.)

use regex::{RegexSet, RegexSetBuilder};

/// The `N:` regexes of a file, compiled together.
#[derive(Debug)]
pub(crate) struct NameSet {
    set: RegexSet,
    /// The entry each member of the set comes from.
    entries: Box<[u32]>,
}

impl NameSet {
    /// Compiles `(entry, regex)` pairs, in Perl `/x` mode as get_maintainer.pl uses them.
    pub(crate) fn new(names: &[(u32, &str)]) -> Result<NameSet, regex::Error> {
        let set = RegexSetBuilder::new(names.iter().map(|(_, re)| re))
            .ignore_whitespace(true)
            .build()?;
        Ok(NameSet {
            set,
            entries: names.iter().map(|&(entry, _)| entry).collect(),
        })
    }

    /// Calls `f` with the entry of every regex that matches `path`.
    pub(crate) fn matches(&self, path: &str, mut f: impl FnMut(u32)) {
        // `is_match` can stop early, `matches` can't; most paths match nothing.
        if self.set.is_match(path) {
            for idx in self.set.matches(path).iter() {
                f(self.entries[idx]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_follow_the_set() {
        let set = NameSet::new(&[(7, "rockchip"), (9, "[^a-z]tegra"), (11, "nv ? host")]).unwrap();
        let found = |path: &str| {
            let mut got = Vec::new();
            set.matches(path, |e| got.push(e));
            got
        };
        assert_eq!(found("drivers/rockchip/tegra.c"), [7, 9]);
        assert_eq!(found("integra"), Vec::<u32>::new());
        assert_eq!(found("nhost"), [11]);
    }
}
