//! Fix commits and the memory-safety bugs they repair, counted.
//!
//! Classes are named by their stable kebab-case names (`use-after-free`);
//! [`CLASSES`] fixes their order, which `ferrometer-bugs`'s `Class::ALL`
//! follows.

/// Every bug class, in output order. All but the last two are memory safety.
pub const CLASSES: [&str; 12] = [
    "use-after-free",
    "out-of-bounds",
    "double-free",
    "invalid-free",
    "null-deref",
    "uninitialized",
    "data-race",
    "type-confusion",
    "integer-overflow",
    "memory-leak",
    "other-memory",
    "not-memory",
];

/// Whether the class named `name` is a memory-safety class.
#[must_use]
pub fn is_memory_safety(name: &str) -> bool {
    CLASSES.contains(&name) && name != "memory-leak" && name != "not-memory"
}

/// Counts of commits, fixes and fixes per class.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Commits looked at (merges included); 0 where only fixes are known.
    pub commits: u64,
    /// Commits that fix a bug.
    pub fixes: u64,
    /// … of which memory-safety bugs.
    pub memory_safety: u64,
    /// Fixes per class, in [`CLASSES`] order.
    pub classes: [u64; 12],
    /// Fixes (or advisories) that carry a CVE id.
    pub cves: u64,
}

impl Tally {
    /// Counts one fix of the class at `class` (an index into [`CLASSES`]).
    pub fn add_fix(&mut self, class: usize, cve: bool) {
        self.fixes += 1;
        self.classes[class] += 1;
        if is_memory_safety(CLASSES[class]) {
            self.memory_safety += 1;
        }
        if cve {
            self.cves += 1;
        }
    }

    /// Memory-safety fixes as a share of all fixes, 0 to 1 (0 with no fixes).
    #[must_use]
    pub fn share(&self) -> f64 {
        if self.fixes == 0 {
            0.0
        } else {
            self.memory_safety as f64 / self.fixes as f64
        }
    }

    /// Fixes of the class named `name`.
    #[must_use]
    pub fn of(&self, name: &str) -> u64 {
        CLASSES
            .iter()
            .position(|c| *c == name)
            .map_or(0, |i| self.classes[i])
    }
}

/// One row of a `bugs` summary: a year, a group (language or subsystem), or both.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BugRow {
    /// The year, when rows are per year.
    pub year: Option<i32>,
    /// The language or subsystem, when rows are per group.
    pub group: Option<String>,
    /// What was counted.
    pub tally: Tally,
    /// Code lines of the group: at the end of `year`, or summed over the
    /// years for an all-years row (then in line-years). `None` when not measured.
    pub exposure: Option<f64>,
}

impl BugRow {
    /// Memory-safety fixes per thousand code lines (per KLOC-year for an
    /// all-years row); `None` without an exposure.
    #[must_use]
    pub fn rate(&self) -> Option<f64> {
        self.exposure
            .filter(|e| *e > 0.0)
            .map(|e| self.tally.memory_safety as f64 * 1000.0 / e)
    }
}

/// One piece of evidence behind a verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceItem {
    /// The kind of signal (`sanitizer`, `fixes-tag`, `subject-wording`…).
    pub signal: &'static str,
    /// The rule that matched.
    pub rule: &'static str,
    /// The class it argues for, if any.
    pub class: Option<&'static str>,
    /// The matched text.
    pub text: String,
}

/// When the bug a fix repairs came in, from its `Fixes:` tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lifetime {
    /// The introducing commit, 40 hex digits.
    pub introduced: String,
    /// Days from the introducing commit to the fix (committer dates).
    pub days: i64,
    /// Languages of the code it introduced: of the files both commits
    /// touch, else of every file the introducing commit touched.
    pub langs: Vec<String>,
}

/// One classified fix commit, or one advisory, for `--list`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BugItem {
    /// The commit (40 hex digits) or, for an advisory without a commit in
    /// the repository, the advisory id.
    pub id: String,
    /// `YYYY-MM-DD`: committer date, or the advisory's publication date.
    pub date: String,
    /// The subject line.
    pub subject: String,
    /// Index into [`CLASSES`].
    pub class: usize,
    /// Languages of the files it touched (C and C++ headers count as C and C++).
    pub langs: Vec<String>,
    /// Subsystems of the files it touched.
    pub subsystems: Vec<String>,
    /// Files it touched.
    pub files: u64,
    /// CVE ids: in the message, or of advisories naming this commit.
    pub cves: Vec<String>,
    /// `Fixes:` references as written.
    pub fixes: Vec<String>,
    /// When the bug came in, when a `Fixes:` tag resolves.
    pub lifetime: Option<Lifetime>,
    /// Flags such as `cc-stable`, `revert`, `rust-panic`, `soundness`.
    pub tags: Vec<&'static str>,
    /// The automated reporter credited, if any.
    pub bot: Option<&'static str>,
    /// Why.
    pub evidence: Vec<EvidenceItem>,
}

impl BugItem {
    /// The class name.
    #[must_use]
    pub fn class_name(&self) -> &'static str {
        CLASSES[self.class]
    }
}

/// Median bug lifetime of one class or one language.
#[derive(Clone, Debug, PartialEq)]
pub struct LifetimeRow {
    /// `class` or `language`.
    pub by: &'static str,
    /// The class or language.
    pub key: String,
    /// Fixes with a resolved `Fixes:` tag.
    pub fixes: u64,
    /// Median days from introduction to fix.
    pub median_days: f64,
}

/// The median of `values` (sorted in place); `None` when empty.
#[must_use]
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] as f64 + values[n / 2] as f64) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_memory_safety_apart_from_leaks() {
        let mut t = Tally::default();
        t.add_fix(0, true); // use-after-free
        t.add_fix(9, false); // memory-leak
        t.add_fix(11, false); // not-memory
        t.add_fix(4, false); // null-deref
        assert_eq!((t.fixes, t.memory_safety, t.cves), (4, 2, 1));
        assert_eq!(t.of("memory-leak"), 1);
        assert_eq!(t.of("nonsense"), 0);
        assert!((t.share() - 0.5).abs() < 1e-9);
        assert_eq!(Tally::default().share(), 0.0);
    }

    #[test]
    fn rates_need_an_exposure() {
        let mut row = BugRow::default();
        row.tally.memory_safety = 3;
        assert_eq!(row.rate(), None);
        row.exposure = Some(0.0);
        assert_eq!(row.rate(), None);
        row.exposure = Some(1500.0);
        assert_eq!(row.rate(), Some(2.0));
    }

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5]), Some(5.0));
        assert_eq!(median(&mut [9, 1, 5]), Some(5.0));
        assert_eq!(median(&mut [10, 1, 2, 7]), Some(4.5));
    }

    #[test]
    fn classes() {
        assert_eq!(CLASSES.iter().filter(|c| is_memory_safety(c)).count(), 10);
        assert!(!is_memory_safety("memory-leak"));
        assert!(!is_memory_safety("bogus"));
    }
}
