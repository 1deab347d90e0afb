//! The plain values [`classify`](super::classify) returns.

/// The kind of bug a fix commit repairs, as far as its message tells.
///
/// Every class but [`Class::MemoryLeak`] and [`Class::NotMemory`] is a
/// memory-safety class: a bug that safe Rust rules out by construction.
/// A leak is safe in Rust (`Box::leak`), so it is counted on its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Memory used after it was freed (also use-after-scope/return, double put).
    UseAfterFree,
    /// Reads or writes outside an object: buffer overflow, OOB index, over-read.
    OutOfBounds,
    /// The same memory freed twice.
    DoubleFree,
    /// Freeing memory that was not allocated, or with the wrong allocator.
    InvalidFree,
    /// A NULL pointer dereferenced.
    NullDeref,
    /// Uninitialized memory read, or copied out (info leaks of padding).
    Uninitialized,
    /// Unsynchronized concurrent access (data races, races on object lifetime).
    DataRace,
    /// An object used as the wrong type.
    TypeConfusion,
    /// Integer overflow or wrap-around that leads to a memory error (a size,
    /// an index, a length check); other integer overflows are [`Class::NotMemory`].
    IntegerOverflow,
    /// Memory or another resource never released. Not memory safety.
    MemoryLeak,
    /// A memory error of no more specific class: corruption, wild access,
    /// general protection fault, stack overflow, unsoundness.
    OtherMemory,
    /// Not a memory bug, or not a fix at all.
    #[default]
    NotMemory,
}

impl Class {
    /// All classes, in declaration order.
    pub const ALL: [Class; 12] = [
        Class::UseAfterFree,
        Class::OutOfBounds,
        Class::DoubleFree,
        Class::InvalidFree,
        Class::NullDeref,
        Class::Uninitialized,
        Class::DataRace,
        Class::TypeConfusion,
        Class::IntegerOverflow,
        Class::MemoryLeak,
        Class::OtherMemory,
        Class::NotMemory,
    ];

    /// Whether this class is a memory-safety bug (all but leaks and not-memory).
    #[must_use]
    pub fn is_memory_safety(self) -> bool {
        !matches!(self, Class::MemoryLeak | Class::NotMemory)
    }

    /// Stable kebab-case name used in output and in `data/commit_rules.toml`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Class::UseAfterFree => "use-after-free",
            Class::OutOfBounds => "out-of-bounds",
            Class::DoubleFree => "double-free",
            Class::InvalidFree => "invalid-free",
            Class::NullDeref => "null-deref",
            Class::Uninitialized => "uninitialized",
            Class::DataRace => "data-race",
            Class::TypeConfusion => "type-confusion",
            Class::IntegerOverflow => "integer-overflow",
            Class::MemoryLeak => "memory-leak",
            Class::OtherMemory => "other-memory",
            Class::NotMemory => "not-memory",
        }
    }

    /// The class named `name` (the inverse of [`Class::name`]).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// What kind of signal a piece of [`Evidence`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Signal {
    /// A sanitizer or checker report quoted in the message (KASAN, KMSAN,
    /// KCSAN, UBSAN, ASan, MSan, TSan, LSan, Valgrind, kmemleak, Miri).
    Sanitizer,
    /// A kernel oops quoted in the message (NULL dereference, general
    /// protection fault, unhandled page fault, list corruption).
    Crash,
    /// A syzbot report title (`general protection fault in foo`, `WARNING in bar`).
    BotTitle,
    /// A bot or tool credited with the report (syzbot, OSS-Fuzz, Coverity, …).
    Bot,
    /// Bug wording in the subject line.
    SubjectWording,
    /// Bug wording in the body.
    BodyWording,
    /// Fix wording: "fix", "avoid … overflow", "plug a leak", "close a race".
    FixWording,
    /// A `Fixes: <sha>` trailer.
    FixesTag,
    /// `Cc: stable@vger.kernel.org`.
    Stable,
    /// A `Reported-by:` trailer.
    ReportedBy,
    /// A link to a bug report: `Closes: <url>`, `Link:` to a tracker, `Fixes #12`.
    BugLink,
    /// A CVE id.
    Cve,
    /// A CWE id of an advisory.
    Cwe,
    /// A revert (`Revert "…"`, `This reverts commit …`).
    Revert,
    /// A merge commit.
    Merge,
    /// A Rust panic: the bounds or overflow check worked, memory stayed safe.
    RustPanic,
    /// Wording that looks like a bug class but is not one (a false friend).
    FalseFriend,
    /// The subject places the change in docs, tests, build or style.
    Scope,
}

impl Signal {
    /// Stable kebab-case name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Signal::Sanitizer => "sanitizer",
            Signal::Crash => "crash",
            Signal::BotTitle => "bot-title",
            Signal::Bot => "bot",
            Signal::SubjectWording => "subject-wording",
            Signal::BodyWording => "body-wording",
            Signal::FixWording => "fix-wording",
            Signal::FixesTag => "fixes-tag",
            Signal::Stable => "stable",
            Signal::ReportedBy => "reported-by",
            Signal::BugLink => "bug-link",
            Signal::Cve => "cve",
            Signal::Cwe => "cwe",
            Signal::Revert => "revert",
            Signal::Merge => "merge",
            Signal::RustPanic => "rust-panic",
            Signal::FalseFriend => "false-friend",
            Signal::Scope => "scope",
        }
    }
}

/// An automated reporter credited in a commit message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bot {
    /// Google's syzbot (`Reported-by: syzbot+<hash>@syzkaller.appspotmail.com`).
    Syzbot,
    /// OSS-Fuzz / ClusterFuzz.
    OssFuzz,
    /// Coverity Scan (`CID 123456`, `Addresses-Coverity-ID:`).
    Coverity,
    /// syzkaller run by someone other than syzbot.
    Syzkaller,
    /// Intel's kernel test robot (`lkp@intel.com`).
    KernelTestRobot,
    /// Huawei's Hulk Robot.
    HulkRobot,
}

impl Bot {
    /// Stable kebab-case name used in output and in `data/commit_rules.toml`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Bot::Syzbot => "syzbot",
            Bot::OssFuzz => "oss-fuzz",
            Bot::Coverity => "coverity",
            Bot::Syzkaller => "syzkaller",
            Bot::KernelTestRobot => "kernel-test-robot",
            Bot::HulkRobot => "hulk-robot",
        }
    }

    /// The bot named `name` (the inverse of [`Bot::name`]).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Bot> {
        [
            Bot::Syzbot,
            Bot::OssFuzz,
            Bot::Coverity,
            Bot::Syzkaller,
            Bot::KernelTestRobot,
            Bot::HulkRobot,
        ]
        .into_iter()
        .find(|b| b.name() == name)
    }
}

/// Flags about a commit that are not a bug class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[allow(clippy::struct_excessive_bools)] // Independent flags, read one at a time.
pub struct Tags {
    /// A revert of an earlier commit.
    pub revert: bool,
    /// A merge commit (`Merge branch …`, `Merge tag …`).
    pub merge: bool,
    /// Sent to the stable kernel trees (`Cc: stable@vger.kernel.org`).
    pub cc_stable: bool,
    /// Quotes or names a Rust panic (bounds/overflow check, `unwrap` on `None`).
    pub rust_panic: bool,
    /// Says it fixes unsoundness (Rust `unsafe` code that safe code can misuse).
    pub soundness: bool,
    /// Has a `Reported-by:` trailer.
    pub reported: bool,
    /// Links a bug report (`Closes:`, tracker `Link:`, `Fixes #12`).
    pub bug_link: bool,
    /// Changes documentation, comments or typos only.
    pub docs: bool,
    /// Changes formatting or lint warnings only.
    pub style: bool,
    /// Concerns tests (selftests, KUnit, a test suite).
    pub test: bool,
    /// Concerns the build system or CI.
    pub build: bool,
    /// A fix of a crash the message gives no class to (crash, segfault,
    /// SIGSEGV; not an assertion, abort, `BUG_ON` or panic). Whoever knows
    /// the language of the code can tell more: in C or C++ such a crash is
    /// a memory error, in Rust a panic.
    pub crash: bool,
    /// A fix whose message says "panic" and does not mention `unsafe`.
    /// Whoever knows the code it touched is all Rust can tell the panic
    /// was a bounds or overflow check working, not a memory error.
    pub panic: bool,
    /// Mentions `unsafe` code. Without it, whoever knows a fix touched
    /// Rust only can tell its out-of-bounds, overflow or NULL error was
    /// caught by a check in safe Rust.
    pub unsafe_code: bool,
}

/// One matched signal and the text that matched it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// What kind of signal it is.
    pub signal: Signal,
    /// The matched line (reports, trailers) or snippet (wording), trimmed.
    pub text: String,
    /// The class this piece of evidence argues for, if any.
    pub class: Option<Class>,
    /// The id of the rule that matched (`kasan-uaf`, `fixes-trailer`, …).
    pub rule: &'static str,
}

/// A `Fixes: <sha> ("subject")` trailer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixesRef {
    /// The abbreviated or full commit id, lower-case (at least 8 hex digits).
    pub sha: String,
    /// The subject of the fixed commit, when the trailer gives one.
    pub subject: Option<String>,
}

/// What [`classify`](super::classify) made of one commit message.
///
/// Invariant: when `is_fix` is false, `class` is [`Class::NotMemory`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Whether the commit fixes a bug.
    pub is_fix: bool,
    /// The class of the bug it fixes.
    pub class: Class,
    /// Flags about the commit.
    pub tags: Tags,
    /// Every matched signal, in message order.
    pub evidence: Vec<Evidence>,
    /// `Fixes:` trailers, in message order.
    pub fixes: Vec<FixesRef>,
    /// CVE ids, upper-case, deduplicated, in message order.
    pub cves: Vec<String>,
    /// The automated reporter credited, if any (the first of [`Bot`]'s order).
    pub reported_by_bot: Option<Bot>,
}

impl Verdict {
    /// Whether this is a fix of a memory-safety bug.
    #[must_use]
    pub fn is_memory_safety_fix(&self) -> bool {
        self.is_fix && self.class.is_memory_safety()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Class::ALL {
            assert_eq!(Class::from_name(c.name()), Some(c));
        }
        assert_eq!(Bot::from_name("oss-fuzz"), Some(Bot::OssFuzz));
        assert_eq!(Bot::from_name("nobody"), None);
    }

    #[test]
    fn memory_safety_classes() {
        let ms: Vec<&str> = Class::ALL
            .iter()
            .filter(|c| c.is_memory_safety())
            .map(|c| c.name())
            .collect();
        assert_eq!(ms.len(), 10);
        assert!(!Class::MemoryLeak.is_memory_safety());
        assert!(!Class::NotMemory.is_memory_safety());
    }
}
