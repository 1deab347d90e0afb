//! Table-driven tests of `classify`: invented commit messages (no real
//! commits; subsystems, functions and ids are made up) in the styles of the
//! Linux kernel, curl-like C projects and Rust projects, plus false friends,
//! reverts and merges. Each case states whether it is a fix, its class, and
//! rules that must be among its evidence.

mod c_projects;
mod false_friends;
mod kernel;
mod reverts_merges;
mod rust_projects;

use ferrometer_bugs::classify::{classify, Class};

/// One message and what `classify` must say about it.
pub struct Case {
    pub name: &'static str,
    pub fix: bool,
    pub class: Class,
    /// Rule ids that must be among the evidence.
    pub rules: &'static [&'static str],
    pub msg: &'static str,
}

/// `case!(name, is_fix, Class, [rules…], message)`.
#[macro_export]
macro_rules! case {
    ($name:literal, $fix:expr, $class:ident, [$($rule:literal),* $(,)?], $msg:expr $(,)?) => {
        $crate::Case { name: $name, fix: $fix, class: ferrometer_bugs::classify::Class::$class, rules: &[$($rule),*], msg: $msg }
    };
}

fn run(cases: &[Case]) {
    let mut failures = Vec::new();
    for c in cases {
        let v = classify(c.msg);
        let rules: Vec<&str> = v.evidence.iter().map(|e| e.rule).collect();
        let missing: Vec<&&str> = c.rules.iter().filter(|r| !rules.contains(r)).collect();
        if v.is_fix != c.fix || v.class != c.class || !missing.is_empty() {
            failures.push(format!(
                "{}: got is_fix={} class={}, want is_fix={} class={}; missing rules {:?}\n  evidence: {:?}",
                c.name,
                v.is_fix,
                v.class.name(),
                c.fix,
                c.class.name(),
                missing,
                v.evidence.iter().map(|e| format!("{}:{}:{}", e.rule, e.class.map_or("-", Class::name), e.text)).collect::<Vec<_>>()
            ));
        }
        // Invariant: not a fix means not-memory.
        assert!(v.is_fix || v.class == Class::NotMemory, "{}", c.name);
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn kernel_messages() {
    run(kernel::CASES);
}

#[test]
fn c_project_messages() {
    run(c_projects::CASES);
}

#[test]
fn rust_project_messages() {
    run(rust_projects::CASES);
}

#[test]
fn false_friend_messages() {
    run(false_friends::CASES);
}

#[test]
fn revert_and_merge_messages() {
    run(reverts_merges::CASES);
}

#[test]
fn at_least_100_distinct_cases() {
    let all: Vec<&Case> = [
        kernel::CASES,
        c_projects::CASES,
        rust_projects::CASES,
        false_friends::CASES,
        reverts_merges::CASES,
    ]
    .iter()
    .flat_map(|c| c.iter())
    .collect();
    assert!(all.len() >= 100, "only {} cases", all.len());
    let mut names: Vec<&str> = all.iter().map(|c| c.name).collect();
    names.sort_unstable();
    let n = names.len();
    names.dedup();
    assert_eq!(names.len(), n, "case names must be unique");
}

#[test]
fn details_of_a_syzbot_fix() {
    let v = classify(kernel::CASES[0].msg);
    assert_eq!(
        v.reported_by_bot,
        Some(ferrometer_bugs::classify::Bot::Syzbot)
    );
    assert!(v.tags.cc_stable && v.tags.reported && v.tags.bug_link);
    assert_eq!(v.fixes.len(), 1);
    assert_eq!(v.fixes[0].sha, "9c3b1f00aa11");
    assert_eq!(
        v.fixes[0].subject.as_deref(),
        Some("net/tinkle: add keepalive timer")
    );
    let kasan = v
        .evidence
        .iter()
        .find(|e| e.rule == "kasan-use-after-free")
        .expect("KASAN evidence");
    assert!(
        kasan
            .text
            .starts_with("BUG: KASAN: slab-use-after-free in tinkle_sock_release"),
        "{}",
        kasan.text
    );
}

#[test]
fn cves_are_extracted_in_order() {
    let v = classify("zap: bound the queue\n\nThis is CVE-2031-45678 (also cve-2031-0042, and CVE-2031-45678 again).\n");
    assert_eq!(v.cves, ["CVE-2031-45678", "CVE-2031-0042"]);
    assert!(v.is_fix);
}
