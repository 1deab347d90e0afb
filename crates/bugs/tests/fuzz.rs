//! Property tests: no input makes the classifier or the parsers panic.

use ferrometer_bugs::advisory::{classify_advisory, parse_cve5, parse_osv, Advisory};
use ferrometer_bugs::classify::{classify, Class};
use proptest::prelude::*;

/// Fragments that drive the rules: keywords, trailers, reports, odd bytes.
const FRAGMENTS: &[&str] = &[
    "fix ",
    "use-after-free",
    "Fixes: ",
    "0a1b2c3d4e5f",
    " (\"",
    "\")",
    "(",
    "\n",
    "\n\n",
    "  ",
    "Revert \"",
    "This reverts commit ",
    "Merge branch ",
    "BUG: KASAN: slab-out-of-bounds in ",
    "KASAN: ",
    "null",
    " NULL ",
    "dereference",
    "overflow",
    "integer overflow",
    "buffer",
    "race",
    "leak",
    "memory leak",
    "Cc: stable@vger.kernel.org",
    "Reported-by: syzbot+00@syzkaller.appspotmail.com",
    "Closes: ",
    "Link: https://bugzilla.",
    "CVE-2031-1234",
    "panicked at",
    "index out of bounds: the len is 3 but the index is 5",
    "docs: ",
    "selftests: add ",
    "test",
    "https://",
    "stack overflow",
    "\u{e9}",
    "\u{1f600}",
    "\r",
    "\t",
    "-",
    "'",
    "\"",
    "commit ",
    "wrap",
    "kmsan: ",
    "UBSAN: shift-out-of-bounds",
    "general protection fault in ",
    "WARNING in ",
    "free",
    "double",
    "twice",
    "uaf",
];

fn message_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|parts| parts.concat())
}

const JSON_FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"id\"",
    "\"aliases\"",
    "\"affected\"",
    "\"ranges\"",
    "\"events\"",
    "\"fixed\"",
    "\"introduced\"",
    "\"type\"",
    "\"GIT\"",
    "\"database_specific\"",
    "\"CWE\"",
    "\"cwe_ids\"",
    "\"withdrawn\"",
    "\"dataType\"",
    "\"CVE_RECORD\"",
    "\"cveMetadata\"",
    "\"cveId\"",
    "\"state\"",
    "\"PUBLISHED\"",
    "\"REJECTED\"",
    "\"containers\"",
    "\"cna\"",
    "\"descriptions\"",
    "\"value\"",
    "\"versions\"",
    "\"version\"",
    "\"lessThan\"",
    "\"versionType\"",
    "\"git\"",
    "\"programFiles\"",
    "\"problemTypes\"",
    "\"cweId\"",
    "\"CWE-416\"",
    "\"0a1b2c3d\"",
    "null",
    "1",
    "-1",
    "1e999",
    "true",
    "\"\"",
    "\"x\"",
    " ",
    "\"published\"",
    "\"2031-01-02\"",
    "\"references\"",
];

fn json_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(JSON_FRAGMENTS), 0..80)
        .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn classify_never_panics_on_any_string(s in ".{0,2000}") {
        let v = classify(&s);
        prop_assert!(v.is_fix || v.class == Class::NotMemory);
    }

    #[test]
    fn classify_never_panics_on_rule_soup(s in message_strategy()) {
        let v = classify(&s);
        prop_assert!(v.is_fix || v.class == Class::NotMemory);
        for e in &v.evidence {
            prop_assert!(e.text.len() <= 200);
        }
        for f in &v.fixes {
            prop_assert!(f.sha.len() >= 8 && f.sha.bytes().all(|b| b.is_ascii_hexdigit()));
        }
    }

    #[test]
    fn parsers_never_panic_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = parse_osv(&bytes);
        let _ = parse_cve5(&bytes);
    }

    #[test]
    fn parsers_never_panic_on_json_soup(s in json_strategy()) {
        if let Ok(advs) = parse_osv(s.as_bytes()) {
            for a in &advs {
                let _ = classify_advisory(a);
            }
        }
        if let Ok(a) = parse_cve5(s.as_bytes()) {
            let _ = classify_advisory(&a);
        }
    }

    #[test]
    fn classify_advisory_never_panics(description in ".{0,500}", cwes in prop::collection::vec("(CWE-)?[0-9]{0,5}|.{0,8}", 0..4)) {
        let adv = Advisory { id: "CVE-2031-0001".into(), description, cwes, ..Advisory::default() };
        let v = classify_advisory(&adv);
        prop_assert!(v.is_fix, "a published advisory is a fix");
    }
}
