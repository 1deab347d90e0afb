//! The classification rules: `data/commit_rules.toml`, embedded at compile
//! time and compiled once (one Aho-Corasick automaton over every rule's
//! keywords, one byte regex per rule).

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::bytes::{Regex, RegexBuilder};
use regex_syntax::hir::{self, Hir, HirKind};
use serde::Deserialize;

use super::verdict::{Bot, Class};

/// The embedded rule file.
const RULES: &str = include_str!("../../../../data/commit_rules.toml");

/// The compiled rules of `data/commit_rules.toml`.
///
/// # Panics
/// Only if the embedded rule file is invalid, which a unit test rules out.
pub(crate) fn rules() -> &'static Rules {
    static CELL: OnceLock<Rules> = OnceLock::new();
    CELL.get_or_init(|| compile(RULES).expect("the embedded data/commit_rules.toml is valid"))
}

/// A fingerprint of the rules, so that caches keyed on it go stale when the
/// rules change.
#[must_use]
pub fn rules_fingerprint() -> u64 {
    // FNV-1a: stable across Rust versions, unlike `DefaultHasher`.
    RULES.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Rules whose keywords are part of their meaning, not only a prefilter,
/// and why: their pattern can match text that holds none of the keywords,
/// and counts only when one occurs elsewhere in the message.
pub(crate) const KEYWORD_GATED: &[(&str, &str)] = &[(
    "integer-overflow",
    "a size helper (array_size() and its kin) counts only in a message \
     that also says overflow, underflow, wrap or truncation: lower-cased, \
     the kernel's ARRAY_SIZE() reads the same",
)];

/// Whether rule `id` is one of [`KEYWORD_GATED`].
pub(crate) fn keyword_gated(id: &str) -> bool {
    KEYWORD_GATED.iter().any(|(gated, _)| *gated == id)
}

/// Every rule, compiled.
#[derive(Debug)]
pub(crate) struct Rules {
    /// Finds every keyword of every rule in one pass (overlapping matches).
    pub keywords: AhoCorasick,
    /// For each keyword (an Aho-Corasick pattern id), the rules it gates.
    pub keyword_rules: Vec<Vec<usize>>,
    /// Phase 1 rules, then masks, then phase 2 rules, each in file order.
    pub rules: Vec<Rule>,
    /// Index range of the phase 1 rules in `rules`.
    pub phase1: std::ops::Range<usize>,
    /// Index range of the masks in `rules`.
    pub masks: std::ops::Range<usize>,
    /// Index range of the phase 2 rules in `rules`.
    pub phase2: std::ops::Range<usize>,
    /// The `[decide]` regexes.
    pub decide: Decide,
    /// Subject prefixes per scope.
    pub scopes: ScopeWords,
}

/// What a rule does when it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A sanitizer report (tier tool).
    Sanitizer,
    /// A kernel oops (tier tool).
    Crash,
    /// A syzbot title (tier bot-title).
    BotTitle,
    /// A reporter credit.
    Bot(Bot),
    /// Bug wording.
    Wording,
    /// Fix wording; `weak` verbs need a problem word, and count in the body
    /// only when `body` says so.
    Fix { weak: bool, body: bool },
    /// A mask, reported as said.
    Mask(Report),
}

/// How a mask shows in the evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Report {
    /// Not at all.
    None,
    /// As a false friend.
    FalseFriend,
    /// As a Rust panic.
    RustPanic,
    /// As bug wording (the mask carries a class).
    Wording,
}

/// A tag a rule sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tag {
    RustPanic,
    Soundness,
}

/// Scopes a subject can place a change in, as bits.
pub(crate) mod scope {
    pub const DOCS: u8 = 1;
    pub const TEST: u8 = 2;
    pub const BUILD: u8 = 4;
}

/// One compiled rule.
#[derive(Debug)]
pub(crate) struct Rule {
    pub id: String,
    pub kind: Kind,
    pub class: Option<Class>,
    pub generic: bool,
    /// The class only holds with a memory context.
    pub memory_context: bool,
    /// The class only holds with a concurrency context (threads, CPUs, locks).
    pub concurrency_context: bool,
    /// Scopes (bits of [`scope`]) in which the rule does not count.
    pub skip: u8,
    pub tag: Option<Tag>,
    /// A mask that blanks the whole sentence around each match.
    pub sentence: bool,
    pub regex: Regex,
    /// Every match lies on one line, is not empty and holds one of the
    /// keywords, so only the lines where the keywords occur need searching.
    pub line_bound: bool,
    /// Literals one of which every match contains (the prefilter).
    pub keywords: Vec<String>,
    pub examples: Vec<String>,
    #[cfg_attr(not(test), expect(dead_code, reason = "read by the rule fixture test"))]
    pub counter: Vec<String>,
}

/// The `[decide]` section, compiled.
#[derive(Debug)]
pub(crate) struct Decide {
    pub merge: Regex,
    pub revert: Regex,
    pub reverts_line: Regex,
    pub test_addition: Regex,
    pub feature_start: Regex,
    pub docs: Regex,
    pub typo: Regex,
    pub style: Regex,
    /// Silencing a warning: not a fix, even when the warning names a bug
    /// class.
    pub silence: Regex,
    /// Making a tool happy: appeasement, whatever the tool reported.
    pub appease: Regex,
    /// Fixing a compiler's or an analyzer's warning (read only in subjects
    /// that say "warning"): not a fix either.
    pub warning_fix: Regex,
    /// A message calling its own finding a false positive: tool appeasement.
    pub false_positive: Regex,
    /// A crash reported without a class (crash, segfault, SIGSEGV).
    pub crash: Regex,
    /// An assertion-like crash: an assert, abort, BUG_ON, panic.
    pub assertion: Regex,
    pub problem: Regex,
    pub memory_context: Regex,
    /// Threads, CPUs, locks, interrupts: the context in which a race is a
    /// data race (and not one between processes over files).
    pub concurrency_context: Regex,
    /// A locking or warning symptom named in the subject (a deadlock,
    /// sleeping in atomic context, a WARN): race wording explains it, and
    /// is not a data race.
    pub lock_symptom: Regex,
    /// A subject that removes or skips a NULL check (read only when NULL
    /// wording hit): its NULL words name no bug.
    pub null_check_removed: Regex,
    pub trackers: Vec<String>,
    /// Finds the literals of [`SUBJECT_GATES`] in a subject.
    pub gates: AhoCorasick,
    /// For each pattern of `gates`, the bit of its check.
    pub gate_bits: Vec<u8>,
}

/// Subject checks of `[decide]` that run only when the subject holds one of
/// their literals: a check's regex costs about as much on a subject as the
/// one literal pass does on all of them together.
pub(crate) mod gate {
    pub const MERGE: u8 = 1;
    pub const REVERT: u8 = 2;
    pub const DOCS: u8 = 4;
    pub const TYPO: u8 = 8;
    pub const STYLE: u8 = 16;
    pub const SILENCE: u8 = 32;
    pub const TEST_ADDITION: u8 = 64;
}

/// For each gated check, literals one of which every match of its regex
/// contains (read off the pattern; a test generates matches of each
/// pattern and checks). A pattern edited without its literals fails it.
pub(crate) const SUBJECT_GATES: &[(u8, &str, &[&str])] = &[
    (gate::MERGE, "merge", &["merge"]),
    (gate::REVERT, "revert", &["revert"]),
    (
        gate::DOCS,
        "docs",
        &[
            "doc",
            "comment",
            "readme",
            "man",
            "changelog",
            "help text",
            "usage text",
            "link",
            "mention",
        ],
    ),
    (
        gate::TYPO,
        "typo",
        &["typo", "spelling", "misspell", "grammar"],
    ),
    (
        gate::STYLE,
        "style",
        &[
            "clippy",
            "rustfmt",
            "cargo fmt",
            "checkpatch",
            "coding",
            "code style",
            "whitespace",
            "indentation",
            "formatting",
            "lint",
        ],
    ),
    (gate::SILENCE, "silence", &["warning"]),
    (
        gate::TEST_ADDITION,
        "test_addition",
        &[
            "test",
            "kunit",
            "reproducer",
            "fuzz",
            "san",
            "valgrind",
            "miri",
        ],
    ),
];

impl Decide {
    /// The bits of the gated checks whose literals `subject` holds.
    pub fn gates(&self, subject: &[u8]) -> u8 {
        self.gates
            .find_overlapping_iter(subject)
            .fold(0, |bits, m| bits | self.gate_bits[m.pattern().as_usize()])
    }
}

/// The `[scopes]` section.
#[derive(Debug, Deserialize)]
pub(crate) struct ScopeWords {
    pub docs: Vec<String>,
    pub test: Vec<String>,
    pub build: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    decide: RawDecide,
    scopes: ScopeWords,
    rule: Vec<RawRule>,
    mask: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDecide {
    merge: String,
    revert: String,
    reverts_line: String,
    test_addition: String,
    feature_start: String,
    docs: String,
    typo: String,
    style: String,
    silence: String,
    appease: String,
    warning_fix: String,
    false_positive: String,
    crash: String,
    assertion: String,
    problem: String,
    memory_context: String,
    concurrency_context: String,
    lock_symptom: String,
    null_check_removed: String,
    trackers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    #[serde(default)]
    signal: Option<String>,
    #[serde(default)]
    report: Option<String>,
    #[serde(default)]
    class: Option<String>,
    #[serde(default)]
    generic: bool,
    #[serde(default)]
    context: Option<String>,
    #[serde(default)]
    skip: Vec<String>,
    #[serde(default)]
    tag: Option<String>,
    #[serde(default)]
    bot: Option<String>,
    #[serde(default)]
    weak: bool,
    #[serde(default)]
    body: bool,
    #[serde(default)]
    sentence: bool,
    keywords: Vec<String>,
    pattern: String,
    examples: Vec<String>,
    #[serde(default)]
    counter: Vec<String>,
}

/// Compiles one pattern the way every rule pattern is compiled: bytes,
/// ASCII classes (the text is ASCII-lower-cased), `^`/`$` at line ends.
fn regex(id: &str, pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .multi_line(true)
        .build()
        .map_err(|e| format!("rule {id}: bad pattern: {e}"))
}

/// The pattern's syntax tree, parsed as [`regex`] compiles it.
fn syntax(id: &str, pattern: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .multi_line(true)
        .build()
        .parse(pattern)
        .map_err(|e| format!("rule {id}: bad pattern: {e}"))
}

/// Whether some match of `hir` can hold a line break.
fn matches_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => lit.0.contains(&b'\n'),
        HirKind::Class(hir::Class::Bytes(c)) => c
            .ranges()
            .iter()
            .any(|r| (r.start()..=r.end()).contains(&b'\n')),
        HirKind::Class(hir::Class::Unicode(c)) => c
            .ranges()
            .iter()
            .any(|r| (r.start()..=r.end()).contains(&'\n')),
        HirKind::Repetition(r) => r.max != Some(0) && matches_newline(&r.sub),
        HirKind::Capture(c) => matches_newline(&c.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(matches_newline),
    }
}

/// Compiles the rule file. The regexes are compiled in parallel: start-up
/// is mostly their compilation (about 50 ms on one core), and a command
/// waits for it before it classifies anything.
fn compile(text: &str) -> Result<Rules, String> {
    use rayon::prelude::*;
    let raw: RawFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let n_rules = raw.rule.len();
    let raw_rules: Vec<(RawRule, bool)> = raw
        .rule
        .into_iter()
        .map(|r| (r, false))
        .chain(raw.mask.into_iter().map(|r| (r, true)))
        .collect();
    let (decide, compiled) = rayon::join(
        || compile_decide(raw.decide),
        || {
            raw_rules
                .into_par_iter()
                .map(|(r, is_mask)| compile_rule(r, is_mask))
                .collect::<Result<Vec<_>, _>>()
        },
    );
    let (decide, mut compiled) = (decide?, compiled?);
    let masks = compiled.split_off(n_rules);

    let mut phase1 = Vec::new();
    let mut phase2 = Vec::new();
    for rule in compiled {
        match rule.kind {
            Kind::Sanitizer | Kind::Crash | Kind::BotTitle | Kind::Bot(_) => phase1.push(rule),
            Kind::Wording | Kind::Fix { .. } => phase2.push(rule),
            Kind::Mask(_) => unreachable!("compile_rule makes masks only from [[mask]]"),
        }
    }

    let n1 = phase1.len();
    let n2 = masks.len();
    let mut rules: Vec<Rule> = phase1;
    rules.extend(masks);
    rules.extend(phase2);

    let mut seen = std::collections::HashSet::new();
    let mut patterns: Vec<String> = Vec::new();
    let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
    for (idx, rule) in rules.iter().enumerate() {
        if !seen.insert(rule.id.clone()) {
            return Err(format!("duplicate rule id {}", rule.id));
        }
        if rule.examples.is_empty() {
            return Err(format!("rule {}: needs at least one example", rule.id));
        }
        for kw in &rule.keywords {
            match patterns.iter().position(|p| p == kw) {
                Some(pid) => keyword_rules[pid].push(idx),
                None => {
                    patterns.push(kw.clone());
                    keyword_rules.push(vec![idx]);
                }
            }
        }
    }
    // A DFA: a few hundred short keywords make a small one, and overlapping
    // search over it is several times faster than over the default NFA.
    let keywords = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&patterns)
        .map_err(|e| format!("keyword automaton: {e}"))?;

    Ok(Rules {
        keywords,
        keyword_rules,
        phase1: 0..n1,
        masks: n1..n1 + n2,
        phase2: n1 + n2..rules.len(),
        rules,
        decide,
        scopes: raw.scopes,
    })
}

/// The `[decide]` regexes, compiled.
fn compile_decide(d: RawDecide) -> Result<Decide, String> {
    Ok(Decide {
        merge: regex("decide.merge", &d.merge)?,
        revert: regex("decide.revert", &d.revert)?,
        reverts_line: regex("decide.reverts_line", &d.reverts_line)?,
        test_addition: regex("decide.test_addition", &d.test_addition)?,
        feature_start: regex("decide.feature_start", &d.feature_start)?,
        docs: regex("decide.docs", &d.docs)?,
        typo: regex("decide.typo", &d.typo)?,
        style: regex("decide.style", &d.style)?,
        silence: regex("decide.silence", &d.silence)?,
        appease: regex("decide.appease", &d.appease)?,
        warning_fix: regex("decide.warning_fix", &d.warning_fix)?,
        false_positive: regex("decide.false_positive", &d.false_positive)?,
        crash: regex("decide.crash", &d.crash)?,
        assertion: regex("decide.assertion", &d.assertion)?,
        problem: regex("decide.problem", &d.problem)?,
        memory_context: regex("decide.memory_context", &d.memory_context)?,
        concurrency_context: regex("decide.concurrency_context", &d.concurrency_context)?,
        lock_symptom: regex("decide.lock_symptom", &d.lock_symptom)?,
        null_check_removed: regex("decide.null_check_removed", &d.null_check_removed)?,
        trackers: d.trackers,
        gates: AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(SUBJECT_GATES.iter().flat_map(|(_, _, lits)| lits.iter()))
            .map_err(|e| format!("subject gates: {e}"))?,
        gate_bits: SUBJECT_GATES
            .iter()
            .flat_map(|(bit, _, lits)| lits.iter().map(|_| *bit))
            .collect(),
    })
}

fn compile_rule(r: RawRule, is_mask: bool) -> Result<Rule, String> {
    let id = r.id;
    let class = match r.class.as_deref() {
        None => None,
        Some(name) => {
            Some(Class::from_name(name).ok_or_else(|| format!("rule {id}: unknown class {name}"))?)
        }
    };
    if r.sentence && !is_mask {
        return Err(format!("rule {id}: `sentence` is for masks"));
    }
    let kind = if is_mask {
        if r.signal.is_some() {
            return Err(format!("mask {id}: masks take `report`, not `signal`"));
        }
        let report = match r.report.as_deref().unwrap_or("none") {
            "none" => Report::None,
            "false-friend" => Report::FalseFriend,
            "rust-panic" => Report::RustPanic,
            "wording" => Report::Wording,
            other => return Err(format!("mask {id}: unknown report {other}")),
        };
        if report == Report::Wording && class.is_none() {
            return Err(format!("mask {id}: report = \"wording\" needs a class"));
        }
        Kind::Mask(report)
    } else {
        let signal = r
            .signal
            .as_deref()
            .ok_or_else(|| format!("rule {id}: missing signal"))?;
        let kind = match signal {
            "sanitizer" => Kind::Sanitizer,
            "crash" => Kind::Crash,
            "bot-title" => Kind::BotTitle,
            "wording" => Kind::Wording,
            "fix" => Kind::Fix {
                weak: r.weak,
                body: !r.weak || r.body,
            },
            "bot" => {
                let name = r
                    .bot
                    .as_deref()
                    .ok_or_else(|| format!("rule {id}: bot rule without bot"))?;
                Kind::Bot(
                    Bot::from_name(name).ok_or_else(|| format!("rule {id}: unknown bot {name}"))?,
                )
            }
            other => return Err(format!("rule {id}: unknown signal {other}")),
        };
        let needs_class = matches!(
            kind,
            Kind::Sanitizer | Kind::Crash | Kind::BotTitle | Kind::Wording
        );
        if needs_class != class.is_some() {
            return Err(format!(
                "rule {id}: signal {signal} {} a class",
                if needs_class { "needs" } else { "takes no" }
            ));
        }
        kind
    };
    let (memory_context, concurrency_context) = match r.context.as_deref() {
        None => (false, false),
        Some("memory") => (true, false),
        Some("concurrency") => (false, true),
        Some(other) => return Err(format!("rule {id}: unknown context {other}")),
    };
    let mut skip = 0;
    for s in &r.skip {
        skip |= match s.as_str() {
            "build" => scope::BUILD,
            "test" => scope::TEST,
            "docs" => scope::DOCS,
            other => return Err(format!("rule {id}: unknown scope {other}")),
        };
    }
    let tag = match r.tag.as_deref() {
        None => None,
        Some("rust-panic") => Some(Tag::RustPanic),
        Some("soundness") => Some(Tag::Soundness),
        Some(other) => return Err(format!("rule {id}: unknown tag {other}")),
    };
    if r.keywords.is_empty() {
        return Err(format!("rule {id}: needs keywords"));
    }
    if let Some(kw) = r
        .keywords
        .iter()
        .find(|k| k.is_empty() || k.bytes().any(|b| b.is_ascii_uppercase()))
    {
        return Err(format!(
            "rule {id}: keyword {kw:?} must be non-empty lower case"
        ));
    }
    let regex = regex(&id, &r.pattern)?;
    let hir = syntax(&id, &r.pattern)?;
    let line_bound = !keyword_gated(&id)
        && !matches_newline(&hir)
        && hir.properties().minimum_len().is_some_and(|n| n > 0);
    Ok(Rule {
        id,
        kind,
        class,
        generic: r.generic,
        memory_context,
        concurrency_context,
        skip,
        tag,
        sentence: r.sentence,
        regex,
        line_bound,
        keywords: r.keywords,
        examples: r.examples,
        counter: r.counter,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};

    use super::*;

    /// `hir` with its look-arounds (`\b`, `^`, `$`) dropped: a pattern that
    /// matches every string the original matches, and that proptest can
    /// generate strings from.
    fn without_looks(hir: &Hir) -> Hir {
        match hir.kind() {
            HirKind::Look(_) => Hir::empty(),
            HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => hir.clone(),
            HirKind::Repetition(r) => Hir::repetition(Repetition {
                sub: Box::new(without_looks(&r.sub)),
                ..r.clone()
            }),
            HirKind::Capture(c) => Hir::capture(Capture {
                sub: Box::new(without_looks(&c.sub)),
                ..c.clone()
            }),
            HirKind::Concat(subs) => Hir::concat(subs.iter().map(without_looks).collect()),
            HirKind::Alternation(subs) => {
                Hir::alternation(subs.iter().map(without_looks).collect())
            }
        }
    }

    /// Runs `check` on generated strings that `pattern` matches (more
    /// exactly: that it matches with its look-arounds dropped, a superset),
    /// lower-cased as the classifier's text is; the smallest string it
    /// fails on, if any.
    fn first_miss(pattern: &str, check: impl Fn(&[u8]) -> bool) -> Option<String> {
        let hir = syntax("test", pattern).expect("the rule file's patterns parse");
        let strategy = proptest::string::bytes_regex_parsed(&without_looks(&hir))
            .expect("proptest generates from any look-free pattern");
        let mut runner = TestRunner::new(Config {
            cases: 1024,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&strategy, |s| {
            prop_assert!(check(&s.to_ascii_lowercase()));
            Ok(())
        });
        match result {
            Ok(()) => None,
            Err(proptest::test_runner::TestError::Fail(_, s)) => {
                Some(String::from_utf8_lossy(&s.to_ascii_lowercase()).into_owned())
            }
            Err(e) => panic!("{pattern:?}: {e}"),
        }
    }

    #[test]
    fn line_bound_patterns_are_those_that_cannot_match_a_line_break() {
        for (pattern, newline) in [
            (r"fix(?:es|ed)? [a-z_]+", false),
            (r"\bnull\b[^.\n]{0,40}deref", false),
            (r"(?:^|: )add\b.*\btests?$", false),
            (r"crash\s+in", true),
            (r"report[^)]*\)", true),
            ("line\nbreak", true),
            (r"(?s:.)", true),
            (r"a(?:\n){0}b", false),
        ] {
            let hir = syntax("t", pattern).unwrap();
            assert_eq!(matches_newline(&hir), newline, "{pattern}");
        }
        // Most rules are line-bound; a rule that could match across lines
        // is searched in the whole text.
        let bound = rules().rules.iter().filter(|r| r.line_bound).count();
        assert!(bound * 10 > rules().rules.len() * 8, "{bound}");
        let gated = rules().rules.iter().find(|r| r.id == "integer-overflow");
        assert!(!gated.unwrap().line_bound);
    }

    #[test]
    fn every_gated_subject_check_needs_one_of_its_literals() {
        let d = &rules().decide;
        for &(bit, name, _) in SUBJECT_GATES {
            let regex = match name {
                "merge" => &d.merge,
                "revert" => &d.revert,
                "docs" => &d.docs,
                "typo" => &d.typo,
                "style" => &d.style,
                "silence" => &d.silence,
                "test_addition" => &d.test_addition,
                other => panic!("no check {other}"),
            };
            let miss = first_miss(regex.as_str(), |s| d.gates(s) & bit != 0);
            assert_eq!(miss, None, "{name} matches it without its literals");
        }
    }

    /// The contract of keywords: a rule's regex runs only when one of its
    /// keywords occurs, so every match must hold one (or the keywords would
    /// change what the rule says, unseen).
    #[test]
    fn every_rule_match_holds_one_of_its_keywords() {
        for (id, _) in KEYWORD_GATED {
            assert!(rules().rules.iter().any(|r| r.id == *id), "no rule {id}");
        }
        let misses: Vec<(String, String)> = rules()
            .rules
            .iter()
            .filter(|rule| !keyword_gated(&rule.id))
            .filter_map(|rule| {
                let miss = first_miss(rule.regex.as_str(), |s| {
                    rule.keywords
                        .iter()
                        .any(|k| memchr::memmem::find(s, k.as_bytes()).is_some())
                })?;
                Some((rule.id.clone(), miss))
            })
            .collect();
        assert!(
            misses.is_empty(),
            "rules that match without a keyword:\n{}",
            misses
                .iter()
                .map(|(id, s)| format!("{id}: {s:?}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
