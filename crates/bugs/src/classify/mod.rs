//! Which commits fix bugs, and which of those bugs are memory-safety bugs.
//!
//! [`classify`] is a pure function of a commit message. It reads:
//!
//! - **reports** quoted in the message: sanitizers (KASAN, KMSAN, KCSAN,
//!   UBSAN, ASan, MSan, TSan, LSan, Valgrind, kmemleak, Miri), kernel oopses
//!   and syzbot report titles;
//! - **reporters**: syzbot, OSS-Fuzz, Coverity, syzkaller, the kernel test
//!   robot, Hulk Robot;
//! - **trailers**: `Fixes:`, `Cc: stable`, `Reported-by:`, `Closes:`, tracker
//!   `Link:`s, CVE ids; reverts and merges;
//! - **wording** in the subject and the body: "fix use-after-free in",
//!   "avoid out-of-bounds read", "plug a leak", "close a race"…
//!
//! False friends are masked before the wording is read: a Rust panic on a
//! bounds check, UBSAN `shift-out-of-bounds`, counter and UI overflows, races
//! in the build, "stack overflow" the web site, "null terminator", info
//! leaks (uninitialized memory, not leaks), out-of-band data. Tests named
//! after a bug class, docs and typo fixes are not fixes.
//!
//! When signals disagree, a specific class beats a generic one ("general
//! protection fault", "memory corruption"), then a tool report beats a
//! syzbot title, which beats the subject, which beats the body.
//!
//! The rules are data: `data/commit_rules.toml`, compiled once into one
//! Aho-Corasick keyword automaton and one regex per rule; a rule's regex runs
//! only when one of its keywords occurs. `docs/bugs.md` describes them.
//!
//! ```
//! use ferrometer_bugs::classify::{classify, Class};
//!
//! let v = classify(
//!     "net: frob: fix use-after-free in frob_close()\n\n\
//!      BUG: KASAN: slab-use-after-free in frob_close+0x1c/0x80\n\n\
//!      Fixes: 0a1b2c3d4e5f (\"net: frob: add close hook\")\n\
//!      Reported-by: syzbot+0123456789abcdef@syzkaller.appspotmail.com\n",
//! );
//! assert!(v.is_fix);
//! assert_eq!(v.class, Class::UseAfterFree);
//! assert!(v.class.is_memory_safety());
//! assert_eq!(v.fixes[0].sha, "0a1b2c3d4e5f");
//!
//! let v = classify("ui: fix label text overflow in the settings dialog");
//! assert!(v.is_fix);
//! assert_eq!(v.class, Class::NotMemory);
//! ```

mod engine;
mod rules;
mod trailers;
mod verdict;

pub(crate) use engine::classify_with;
pub use rules::rules_fingerprint;
pub use verdict::{Bot, Class, Evidence, FixesRef, Signal, Tags, Verdict};

/// The subject line of a commit message as lists show it: its first
/// non-blank line, trimmed. ([`classify`] reads the whole first paragraph.)
#[must_use]
pub fn subject(message: &str) -> &str {
    let (start, end) = engine::subject_span(message.as_bytes());
    message[start..end].trim()
}

/// Classifies one commit message (subject line, blank line, body, trailers).
///
/// Never fails and never panics: any text is a message, at worst one that
/// says nothing. Runs in time linear in the message length.
#[must_use]
pub fn classify(message: &str) -> Verdict {
    engine::classify_with(message, false)
}

/// Compiles the rules now, on the current rayon pool (they are compiled
/// once per process, in parallel, on first use). A command that runs in a
/// pool of its own calls it there first, so that the compilation uses
/// that pool's threads and no others.
pub fn prepare() {
    let _ = rules::rules();
}

#[cfg(test)]
mod tests {
    use super::rules::{rules, Kind};

    /// Every rule fires on its examples and not on its counter-examples.
    #[test]
    fn rule_fixtures() {
        let rules = rules();
        let mut failures = Vec::new();
        for rule in &rules.rules {
            for ex in &rule.examples {
                if !super::engine::fired(ex).contains(&rule.id.as_str()) {
                    failures.push(format!("{} does not fire on {ex:?}", rule.id));
                }
            }
            for ex in &rule.counter {
                if super::engine::fired(ex).contains(&rule.id.as_str()) {
                    failures.push(format!("{} fires on counter-example {ex:?}", rule.id));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Every keyword is a literal the rule's own examples contain, so a
    /// keyword with a typo shows up as an unused one.
    #[test]
    fn keywords_are_lower_case_literals() {
        for rule in &rules().rules {
            for kw in &rule.keywords {
                assert_eq!(kw, &kw.to_ascii_lowercase(), "{}", rule.id);
            }
            if let Kind::Bot(_) = rule.kind {
                assert!(rule.class.is_none());
            }
        }
    }

    #[test]
    fn fingerprint_is_stable_within_a_build() {
        assert_eq!(super::rules_fingerprint(), super::rules_fingerprint());
    }
}
