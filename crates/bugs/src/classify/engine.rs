//! The classifier: runs the rules over one message and decides.
//!
//! See the module docs of [`classify`](super) and `docs/bugs.md` for the
//! rules this implements.

use std::cmp::Reverse;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::rules::{gate, rules, scope, Kind, Report, Rule, Rules, Tag};
use super::trailers;
use super::verdict::{Class, Evidence, Signal, Verdict};

/// How much a piece of evidence weighs, lowest first. Precedence when
/// signals disagree: tool report > syzbot title > subject > body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Body,
    Subject,
    BotTitle,
    Tool,
}

/// One rule match, before the decision.
#[derive(Clone, Debug)]
struct Hit {
    signal: Signal,
    rule: &'static str,
    start: usize,
    end: usize,
    tier: Tier,
    class: Option<Class>,
    generic: bool,
    memory_context: bool,
    concurrency_context: bool,
    /// A weak fix verb (needs a problem word).
    weak: bool,
    /// A fix verb that speaks in the body too.
    body_fix: bool,
    /// Show the whole line as evidence (reports, trailers), not the match.
    whole_line: bool,
}

/// Classifies `message`; `assume_fix` is for advisories, which describe a
/// fixed vulnerability whatever their wording.
pub(crate) fn classify_with(message: &str, assume_fix: bool) -> Verdict {
    analyze(message, assume_fix).0
}

/// Ids of the rules and masks that fire on `message`, silent masks
/// included, for the rule fixtures.
#[cfg(test)]
pub(crate) fn fired(message: &str) -> Vec<&'static str> {
    analyze(message, true).1
}

fn analyze(message: &str, assume_fix: bool) -> (Verdict, Vec<&'static str>) {
    let rules = rules();
    let orig = message.as_bytes();
    let mut text = orig.to_ascii_lowercase();
    let says_unsafe = has(&text, &FINDERS.unsafe_);
    let says_panic = has(&text, &FINDERS.panic) && !says_unsafe;
    // The subject is the first paragraph, its lines joined, as git's `%s`
    // reads it: old messages wrap their first sentence without a blank line.
    let (subj_start, subj_end) = subject_paragraph(&mut text);
    let mut v = Verdict::default();
    let mut hits: Vec<Hit> = Vec::new();
    let mut fired: Vec<&'static str> = Vec::new();

    // Trailers and ids first: they are structure, read before any masking.
    let tr = trailers::scan(orig, &text, &rules.decide.trackers);
    v.fixes = tr.fixes;
    v.tags.cc_stable = tr.cc_stable;
    v.tags.reported = tr.reported;
    v.tags.bug_link = tr.bug_link;
    for line in &tr.lines {
        hits.push(plain_hit(line.signal, line.rule, line.start, line.end));
    }
    for (id, start, end) in trailers::cves(&text) {
        v.cves.push(id);
        hits.push(Hit {
            whole_line: false,
            ..plain_hit(Signal::Cve, "cve-id", start, end)
        });
    }

    let subject = &text[subj_start..subj_end];
    let gates = rules.decide.gates(subject);
    let gated = |bit: u8| gates & bit != 0;
    if gated(gate::MERGE) && rules.decide.merge.is_match(subject) {
        v.tags.merge = true;
        hits.push(plain_hit(Signal::Merge, "merge", subj_start, subj_end));
        v.evidence = evidence(message, hits);
        return (v, fired);
    }
    // A revert's subject quotes the reverted commit's; a commit that only
    // says "This reverts commit …" in its body keeps its own subject.
    let revert_subject = gated(gate::REVERT) && rules.decide.revert.is_match(subject);
    v.tags.revert = revert_subject
        || (has(&text, &FINDERS.reverts) && rules.decide.reverts_line.is_match(&text));
    let scopes = if revert_subject {
        0
    } else {
        subject_scopes(rules, subject)
    };
    let subject_lower = subject.to_vec();

    // Hard masks: another commit's words never speak for this one.
    for line in tr.lines.iter().filter(|l| l.signal == Signal::FixesTag) {
        blank(&mut text, line.start, line.end);
    }
    if v.tags.revert {
        hits.push(plain_hit(Signal::Revert, "revert", subj_start, subj_end));
        if revert_subject {
            blank(&mut text, subj_start, subj_end);
        }
        let spans: Vec<(usize, usize)> = rules
            .decide
            .reverts_line
            .find_iter(&text)
            .map(|m| (m.start(), m.end()))
            .collect();
        for (s, e) in spans {
            blank(&mut text, s, e);
        }
    }

    // One pass over the text finds every rule worth running.
    // Read with the body's wrapped lines joined, as the wording rules will
    // read it: a keyword wrapped over two lines ("out\nof bounds") counts,
    // and its position bounds where those rules search.
    let mut armed = vec![NOT_ARMED; rules.rules.len()];
    let mut joined = text.clone();
    join_wrapped_lines(&mut joined, subj_end + 1);
    arm(rules, &joined, &mut armed);

    // Phase 1: reports and reporters.
    let mut bots = Vec::new();
    let mut reports = Vec::new();
    for idx in rules.phase1.clone().filter(|&i| is_armed(armed[i])) {
        let rule = &rules.rules[idx];
        let Some((start, end)) = rule.regex.find(&text).map(|m| (m.start(), m.end())) else {
            continue;
        };
        let (signal, tier) = match rule.kind {
            Kind::Sanitizer => (Signal::Sanitizer, Tier::Tool),
            Kind::Crash => (Signal::Crash, Tier::Tool),
            Kind::BotTitle => (Signal::BotTitle, Tier::BotTitle),
            Kind::Bot(bot) => {
                bots.push(bot);
                (Signal::Bot, Tier::Body)
            }
            Kind::Wording | Kind::Fix { .. } | Kind::Mask(_) => {
                unreachable!("phase 1 holds reports only")
            }
        };
        fired.push(rule.id.as_str());
        hits.push(rule_hit(rule, signal, tier, start, end, true));
        if !matches!(rule.kind, Kind::Bot(_)) {
            reports.push((start, end));
        }
    }
    // A paragraph's lines are one sentence to the masks and the wording
    // rules: join the body's lines wrapped inside a paragraph ("the fd_set
    // pointer\nis non-NULL"). Blank lines still end a paragraph. Without a
    // report to blank, that is the text the keywords were read in.
    if reports.is_empty() {
        text = joined;
    } else {
        // A report speaks for itself; its words are not wording too.
        for (s, e) in reports {
            blank(&mut text, s, e);
        }
        join_wrapped_lines(&mut text, subj_end + 1);
    }
    bots.sort_unstable();
    v.reported_by_bot = bots.first().copied();

    // Masks, in file order, each blanking its matches for the rules after it.
    for idx in rules.masks.clone().filter(|&i| is_armed(armed[i])) {
        let rule = &rules.rules[idx];
        let spans: Vec<(usize, usize)> = mask_matches(rule, armed[idx], &text)
            .into_iter()
            .map(|(s, e)| {
                if rule.sentence {
                    sentence_around(&text, s, e)
                } else {
                    (s, e)
                }
            })
            .collect();
        let Some(&(start, end)) = spans.first() else {
            continue;
        };
        fired.push(rule.id.as_str());
        for &(s, e) in &spans {
            blank(&mut text, s, e);
        }
        match rule.tag {
            Some(Tag::RustPanic) => v.tags.rust_panic = true,
            Some(Tag::Soundness) => v.tags.soundness = true,
            None => {}
        }
        let tier = if start < subj_end {
            Tier::Subject
        } else {
            Tier::Body
        };
        let signal = match rule.kind {
            Kind::Mask(Report::None) => continue,
            Kind::Mask(Report::FalseFriend) => Signal::FalseFriend,
            Kind::Mask(Report::RustPanic) => Signal::RustPanic,
            _ => wording_signal(tier),
        };
        // A quoted panic is shown as its line, like a sanitizer report.
        let mut hit = rule_hit(rule, signal, tier, start, end, signal == Signal::RustPanic);
        if rule.tag == Some(Tag::RustPanic) {
            // A panic is the check working; it argues for nothing specific.
            hit.generic = true;
        }
        hits.push(hit);
    }

    // Phase 2: wording, searched in the subject and in the body separately.
    // Fix verbs in the body weigh only beside a class in the body or in a
    // revert; otherwise they are only evidence for a fix decided another
    // way, so they are searched once the decision needs or wants them.
    let mut body_fix_rules: Vec<usize> = Vec::new();
    for idx in rules.phase2.clone().filter(|&i| is_armed(armed[i])) {
        let rule = &rules.rules[idx];
        // A line-bound rule whose keywords all lie in the body has no match
        // in the subject.
        let in_subject = if rule.line_bound && armed[idx].0 >= subj_end {
            None
        } else {
            rule.regex
                .find(&text[..subj_end])
                .filter(|m| m.start() >= subj_start)
        };
        // Weak fix verbs only speak in a revert's body: don't look elsewhere.
        let in_body = if matches!(rule.kind, Kind::Fix { body: false, .. }) && !revert_subject {
            None
        } else if matches!(rule.kind, Kind::Fix { .. }) {
            body_fix_rules.push(idx);
            None
        } else {
            first_match(rule, armed[idx], &text, subj_end)
        };
        for (m, tier) in [(in_subject, Tier::Subject), (in_body, Tier::Body)] {
            let Some(m) = m else { continue };
            fired.push(rule.id.as_str());
            if let Kind::Fix { .. } = rule.kind {
                hits.push(rule_hit(
                    rule,
                    Signal::FixWording,
                    tier,
                    m.start(),
                    m.end(),
                    false,
                ));
                continue;
            }
            if rule.tag == Some(Tag::Soundness) {
                v.tags.soundness = true;
            }
            let mut hit = rule_hit(rule, wording_signal(tier), tier, m.start(), m.end(), false);
            if rule.skip & scopes != 0 {
                // A race in a build or test scope is flakiness, not a data race.
                hit.class = None;
            }
            hits.push(hit);
        }
    }

    hits.retain(|h| h.signal != Signal::FixWording || !hyphenated(&text, h));
    let fix_at = |hits: &[Hit], tier: Tier, pick: &dyn Fn(&Hit) -> bool| {
        hits.iter()
            .any(|h| h.signal == Signal::FixWording && h.tier == tier && pick(h))
    };
    let fix_subject = (
        fix_at(&hits, Tier::Subject, &|h| !h.weak),
        fix_at(&hits, Tier::Subject, &|h| h.weak),
    );

    // Memory context and Rust panics adjust what wording argues for.
    // A CVE id is a vetted vulnerability: memory context enough for an
    // integer overflow or an off-by-one. So is an advisory's own text
    // (`assume_fix`: a published advisory).
    settle_context(
        rules,
        &text,
        subj_start..subj_end,
        &subject_lower,
        &mut hits,
        v.tags.rust_panic,
        !v.cves.is_empty() || assume_fix,
    );

    let classed = |tier: Tier| {
        hits.iter()
            .any(|h| h.tier == tier && h.class.is_some_and(|c| c != Class::NotMemory))
    };
    let class_subject = classed(Tier::Subject);
    let class_body = classed(Tier::Body);
    // Reads the body's fix verbs once (the list is emptied).
    let read_body_fixes = |pending: &mut Vec<usize>, hits: &mut Vec<Hit>, fired: &mut Vec<_>| {
        let pending = std::mem::take(pending);
        body_fixes(rules, &pending, &armed, &text, subj_end, hits, fired);
    };
    if revert_subject || class_body {
        read_body_fixes(&mut body_fix_rules, &mut hits, &mut fired);
    }
    // In the body, only verbs that speak there ("fixes", "prevents"); a
    // revert's body may use any.
    let fix_body = fix_at(&hits, Tier::Body, &|h| h.body_fix);
    let fix_body_any = fix_at(&hits, Tier::Body, &|_| true);
    // A quoted sanitizer report; with crash reports, bot titles and Rust
    // panics, a quoted report is a bug report.
    let sanitizer = hits.iter().any(|h| h.signal == Signal::Sanitizer);
    let report = sanitizer
        || hits.iter().any(|h| {
            matches!(
                h.signal,
                Signal::Crash | Signal::BotTitle | Signal::RustPanic
            )
        });
    let masked_subject = &text[subj_start..subj_end];
    let body = &text[subj_end..];
    let problem = |s: &[u8]| rules.decide.problem.is_match(s);

    // Scope of the subject: docs, style, test additions (not for reverts,
    // whose subject is another commit's).
    let mut test_addition = false;
    if !revert_subject {
        v.tags.docs = scopes & scope::DOCS != 0
            || (gated(gate::DOCS) && rules.decide.docs.is_match(&subject_lower))
            || (!class_subject && gated(gate::TYPO) && rules.decide.typo.is_match(&subject_lower));
        v.tags.style =
            (!class_subject && gated(gate::STYLE) && rules.decide.style.is_match(&subject_lower))
                || (gated(gate::SILENCE) && rules.decide.silence.is_match(&subject_lower))
                || (has(&subject_lower, &FINDERS.warning)
                    && rules.decide.warning_fix.is_match(&subject_lower))
                || (!sanitizer && uninit_warning_fix(&fired, &hits))
                || (class_subject && false_positive(rules, orig))
                || (has(&text, &FINDERS.happy) && rules.decide.appease.is_match(&text));
        v.tags.build = scopes & scope::BUILD != 0;
        test_addition = !fix_subject.0
            && gated(gate::TEST_ADDITION)
            && rules.decide.test_addition.is_match(&subject_lower);
        v.tags.test = scopes & scope::TEST != 0 || test_addition;
        for (on, rule) in [
            (v.tags.docs, "scope-docs"),
            (v.tags.style, "scope-style"),
            (test_addition, "test-addition"),
        ] {
            if on {
                hits.push(plain_hit(Signal::Scope, rule, subj_start, subj_end));
            }
        }
    }

    let trailer_fix = tr.fixes_line || v.tags.bug_link || v.tags.reported || !v.cves.is_empty();
    let decided = if revert_subject {
        // A revert fixes something only if it says what.
        trailer_fix
            || report
            || v.reported_by_bot.is_some()
            || (fix_body_any && (class_body || problem(body)))
    } else if v.tags.docs || v.tags.style || test_addition {
        false
    } else {
        let feature = rules.decide.feature_start.is_match(masked_subject);
        fix_subject.0
            || (fix_subject.1 && (problem(&subject_lower) || class_body))
            || (class_subject && !feature && scopes & scope::TEST == 0)
            || trailer_fix
            || v.tags.cc_stable
            || report
            || v.reported_by_bot.is_some()
            || (fix_body && class_body)
    };
    v.is_fix = decided || assume_fix;
    if v.is_fix {
        read_body_fixes(&mut body_fix_rules, &mut hits, &mut fired);
    }
    v.class = if v.is_fix {
        best_class(&hits)
    } else {
        Class::NotMemory
    };
    // A crash a quoted sanitizer report explains (a UBSAN shift, a divide
    // error) is that report's, not a wild access.
    v.tags.crash = v.is_fix
        && v.class == Class::NotMemory
        && !sanitizer
        && rules.decide.crash.is_match(&text)
        && !rules.decide.assertion.is_match(&text);
    // A panic in a message that does not mention unsafe code: whoever knows
    // the code is all Rust can tell it was a check working.
    v.tags.panic = v.is_fix && says_panic;
    v.tags.unsafe_code = says_unsafe;
    v.evidence = evidence(message, hits);
    (v, fired)
}

/// A fix verb inside a hyphenated term ("free" in "use-after-free") says
/// nothing.
fn hyphenated(text: &[u8], h: &Hit) -> bool {
    let hyphen = |at: Option<&u8>| at == Some(&b'-');
    hyphen(text.get(h.end)) || h.start > 0 && hyphen(text.get(h.start - 1))
}

/// The body's fix verbs, for `rules` (phase 2 fix rules): added to `hits`.
fn body_fixes(
    rules: &'static Rules,
    fix_rules: &[usize],
    armed: &[Armed],
    text: &[u8],
    subj_end: usize,
    hits: &mut Vec<Hit>,
    fired: &mut Vec<&'static str>,
) {
    for &idx in fix_rules {
        let rule = &rules.rules[idx];
        let Some(m) = first_match(rule, armed[idx], text, subj_end) else {
            continue;
        };
        fired.push(rule.id.as_str());
        let hit = rule_hit(
            rule,
            Signal::FixWording,
            Tier::Body,
            m.start(),
            m.end(),
            false,
        );
        if !hyphenated(text, &hit) {
            hits.push(hit);
        }
    }
}

/// The class the strongest evidence argues for. Levels first: a specific
/// memory-safety class; then a generic memory-safety one ("general
/// protection fault", "memory corruption") level with a specific
/// non-memory-safety one (a leak, a deadlock); then generic not-memory
/// evidence ("WARNING in"). Within a level, the tier decides (tool report >
/// syzbot title > subject > body), then memory safety before leaks before
/// not-memory, then the earliest.
fn best_class(hits: &[Hit]) -> Class {
    hits.iter()
        .filter_map(|h| h.class.map(|c| (h, c)))
        .max_by_key(|(h, c)| {
            let level = match (c.is_memory_safety(), h.generic) {
                (true, false) => 3,
                (true, true) | (false, false) => 2,
                (false, true) => 1,
            };
            let group = if c.is_memory_safety() {
                2
            } else {
                u8::from(*c == Class::MemoryLeak)
            };
            (level, h.tier, group, Reverse(h.start))
        })
        .map_or(Class::NotMemory, |(_, c)| c)
}

/// Integer overflows and off-by-ones are memory bugs only with a memory
/// context, races are data races only with a concurrency context (threads,
/// CPUs, locks: not processes racing over files) and without a locking
/// symptom in the subject (a race that deadlocks or trips a WARN is the
/// cause of that, not a data race); wording about bounds and overflows
/// next to a Rust panic is the check working; NULL wording in a message
/// whose subject removes a NULL check says why the pointer cannot be NULL.
/// `subject` is the subject's range in the masked `text`;
/// `unmasked_subject` the subject before the masks (which blank "redundant
/// NULL check").
fn settle_context(
    rules: &Rules,
    text: &[u8],
    subject: std::ops::Range<usize>,
    unmasked_subject: &[u8],
    hits: &mut [Hit],
    rust_panic: bool,
    cve: bool,
) {
    let other_memory = hits.iter().any(|h| {
        !h.memory_context
            && h.class
                .is_some_and(|c| c.is_memory_safety() && c != Class::IntegerOverflow)
    });
    let needs = hits.iter().any(|h| h.memory_context && h.class.is_some());
    let context = needs && (other_memory || cve || rules.decide.memory_context.is_match(text));
    let concurrency = hits
        .iter()
        .any(|h| h.concurrency_context && h.class.is_some())
        && rules.decide.concurrency_context.is_match(text)
        && !rules.decide.lock_symptom.is_match(&text[subject]);
    let wording = |h: &Hit| matches!(h.tier, Tier::Subject | Tier::Body);
    let null_wording = |h: &Hit| wording(h) && h.class == Some(Class::NullDeref);
    let null_check_removed =
        hits.iter().any(null_wording) && rules.decide.null_check_removed.is_match(unmasked_subject);
    for h in hits.iter_mut() {
        let demote = (h.memory_context && !context)
            || (h.concurrency_context && !concurrency)
            || (rust_panic
                && wording(h)
                && matches!(h.class, Some(Class::OutOfBounds | Class::IntegerOverflow)))
            || (null_check_removed && null_wording(h));
        if demote && h.class.is_some() {
            h.class = Some(Class::NotMemory);
            h.generic = true;
        }
    }
}

/// The scopes the subject's `subsys: component:` prefixes name.
fn subject_scopes(rules: &Rules, subject: &[u8]) -> u8 {
    // No `prefix: ` (the summary itself never counts): no scope.
    if memchr::memmem::find(subject, b": ").is_none() {
        return 0;
    }
    let subject = String::from_utf8_lossy(subject);
    let mut parts: Vec<&str> = subject.split(": ").collect();
    parts.pop(); // The summary itself.
    let mut bits = 0;
    for word in parts
        .iter()
        .flat_map(|p| p.split(['/', ',', ' ', '(', ')', '[', ']']))
    {
        let word = word.trim();
        let has = |list: &[String]| list.iter().any(|w| w == word);
        if has(&rules.scopes.docs) {
            bits |= scope::DOCS;
        }
        if has(&rules.scopes.test) {
            bits |= scope::TEST;
        }
        if has(&rules.scopes.build) {
            bits |= scope::BUILD;
        }
    }
    bits
}

/// The first non-blank line.
pub(crate) fn subject_span(text: &[u8]) -> (usize, usize) {
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |i| start + i);
    (start, end)
}

/// Literal searchers built once (`memmem::find` builds one per call).
struct Finders {
    panic: Finder<'static>,
    unsafe_: Finder<'static>,
    reverts: Finder<'static>,
    warning: Finder<'static>,
    happy: Finder<'static>,
}

static FINDERS: LazyLock<Finders> = LazyLock::new(|| Finders {
    panic: Finder::new(b"panic"),
    unsafe_: Finder::new(b"unsafe"),
    reverts: Finder::new(b"this reverts commit "),
    warning: Finder::new(b"warning"),
    happy: Finder::new(b"happy"),
});

fn has(text: &[u8], finder: &Finder<'_>) -> bool {
    finder.find(text).is_some()
}

/// A message that calls its own finding a false positive ("Detected by
/// scan-build (false positive)"): the change appeases a tool. Read in the
/// unmasked message, as masks blank the analyzer's sentence; asked only of
/// messages whose subject names a memory class.
fn false_positive(rules: &Rules, orig: &[u8]) -> bool {
    let lower = orig.to_ascii_lowercase();
    rules.decide.false_positive.is_match(&lower)
}

/// A fix whose only memory class is uninitialized and whose message quotes
/// a compiler's warning about it ("may be used uninitialized", MSVC's
/// C4701): initializing the variable quiets the compiler; nothing is said
/// to have read garbage. (A sanitizer's report keeps it a fix: the caller
/// asks only when there is none.)
fn uninit_warning_fix(fired: &[&str], hits: &[Hit]) -> bool {
    let mut classes = hits
        .iter()
        .filter_map(|h| h.class)
        .filter(|c| *c != Class::NotMemory)
        .peekable();
    fired.contains(&"compiler-maybe-uninitialized")
        && classes.peek().is_some()
        && classes.all(|c| c == Class::Uninitialized)
}

/// Where a rule's keywords occur: from the start of the first occurrence
/// to the end of the last; [`NOT_ARMED`] when none does.
type Armed = (usize, usize);

/// A rule none of whose keywords occurs.
const NOT_ARMED: Armed = (usize::MAX, 0);

fn is_armed(a: Armed) -> bool {
    a.1 != 0
}

/// Records in `armed`, for every rule one of whose keywords occurs in
/// `text`, where they occur: one overlapping pass over the text, so that
/// keywords inside or across others count too.
fn arm(rules: &Rules, text: &[u8], armed: &mut [Armed]) {
    for m in rules.keywords.find_overlapping_iter(text) {
        for &idx in &rules.keyword_rules[m.pattern().as_usize()] {
            let a = &mut armed[idx];
            a.0 = a.0.min(m.start());
            a.1 = a.1.max(m.end());
        }
    }
}

/// Where to search `text` for `rule` from `from` on: the end of the
/// haystack and the start. A line-bound rule is searched only in the lines
/// from its first keyword's to its last one's, as each match lies on one
/// line (the body's paragraphs are joined into lines by now) and holds a
/// keyword; `None` when no keyword lies after `from`.
fn window(rule: &Rule, armed: Armed, text: &[u8], from: usize) -> Option<(usize, usize)> {
    if !rule.line_bound {
        return Some((text.len(), from));
    }
    let (first, last) = armed;
    (last > from).then(|| {
        let end = line_end(text, last);
        (end, line_start(text, first.max(from)).max(from))
    })
}

/// The first match of `rule` in `text` from `from` on, searched in its
/// [`window`].
fn first_match<'t>(
    rule: &Rule,
    armed: Armed,
    text: &'t [u8],
    from: usize,
) -> Option<regex::bytes::Match<'t>> {
    let (end, at) = window(rule, armed, text, from)?;
    rule.regex.find_at(&text[..end], at)
}

/// The matches of a mask, left to right and not overlapping.
fn mask_matches(rule: &Rule, armed: Armed, text: &[u8]) -> Vec<(usize, usize)> {
    if !rule.line_bound {
        return rule
            .regex
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
    }
    let Some((end, mut at)) = window(rule, armed, text, 0) else {
        return Vec::new();
    };
    let hay = &text[..end];
    let mut out = Vec::new();
    // A line-bound pattern never matches empty: each search starts where
    // the last match ended, as `find_iter` does.
    while let Some(m) = rule.regex.find_at(hay, at) {
        at = m.end();
        out.push((m.start(), m.end()));
    }
    out
}

/// The start of the line holding `at`.
fn line_start(text: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1)
}

/// The end of the line holding the byte before `end` (its line break, or
/// the text's end).
fn line_end(text: &[u8], end: usize) -> usize {
    memchr::memchr(b'\n', &text[end..]).map_or(text.len(), |i| end + i)
}

/// The sentence around `start..end`: from after the last `.` or line
/// break before it to the next one (or the text's end).
fn sentence_around(text: &[u8], start: usize, end: usize) -> (usize, usize) {
    let stop = |b: &u8| *b == b'.' || *b == b'\n';
    let from = text[..start].iter().rposition(stop).map_or(0, |i| i + 1);
    let to = text[end..]
        .iter()
        .position(stop)
        .map_or(text.len(), |i| end + i);
    (from, to)
}

/// The span of the first paragraph, whose line breaks become spaces.
fn subject_paragraph(text: &mut [u8]) -> (usize, usize) {
    let (start, mut end) = subject_span(text);
    while end < text.len() {
        let next = end + 1;
        let line_end = memchr::memchr(b'\n', &text[next..]).map_or(text.len(), |i| next + i);
        if !filled(&text[next..line_end]) {
            break;
        }
        end = line_end;
    }
    join_wrapped_lines(&mut text[..end], start);
    (start, end)
}

/// Whether a line (without its line break) holds any text.
fn filled(line: &[u8]) -> bool {
    !line.iter().all(u8::is_ascii_whitespace)
}

/// Turns each line break after `start` (the start of a line) that neither
/// starts nor ends a blank line into a space. Offsets stay where they were.
fn join_wrapped_lines(text: &mut [u8], start: usize) {
    // The line break before the current line, if the line before it had text.
    let mut open: Option<usize> = None;
    let mut line_start = start;
    while line_start <= text.len() {
        let nl = memchr::memchr(b'\n', &text[line_start..]).map(|i| line_start + i);
        let line_end = nl.unwrap_or(text.len());
        let has_text = filled(&text[line_start..line_end]);
        if let (Some(at), true) = (open, has_text) {
            text[at] = b' ';
        }
        let Some(nl) = nl else { break };
        open = has_text.then_some(nl);
        line_start = nl + 1;
    }
}

fn blank(text: &mut [u8], start: usize, end: usize) {
    for b in &mut text[start..end] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
}

fn wording_signal(tier: Tier) -> Signal {
    if tier == Tier::Subject {
        Signal::SubjectWording
    } else {
        Signal::BodyWording
    }
}

fn plain_hit(signal: Signal, rule: &'static str, start: usize, end: usize) -> Hit {
    Hit {
        signal,
        rule,
        start,
        end,
        tier: Tier::Body,
        class: None,
        generic: false,
        memory_context: false,
        concurrency_context: false,
        weak: false,
        body_fix: false,
        whole_line: true,
    }
}

fn rule_hit(
    rule: &'static Rule,
    signal: Signal,
    tier: Tier,
    start: usize,
    end: usize,
    whole_line: bool,
) -> Hit {
    Hit {
        signal,
        rule: rule.id.as_str(),
        start,
        end,
        tier,
        class: rule.class,
        generic: rule.generic,
        memory_context: rule.memory_context,
        concurrency_context: rule.concurrency_context,
        weak: matches!(rule.kind, Kind::Fix { weak: true, .. }),
        body_fix: matches!(rule.kind, Kind::Fix { body: true, .. }),
        whole_line,
    }
}

/// Longest evidence text kept, in bytes.
const MAX_TEXT: usize = 200;

fn evidence(message: &str, mut hits: Vec<Hit>) -> Vec<Evidence> {
    let orig = message.as_bytes();
    hits.sort_by_key(|h| (h.start, h.end));
    hits.into_iter()
        .map(|h| {
            let (mut s, mut e) = (h.start.min(orig.len()), h.end.min(orig.len()));
            if h.whole_line {
                s = orig[..s]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                e = memchr::memchr(b'\n', &orig[e..]).map_or(orig.len(), |i| e + i);
            }
            // Byte spans may cut a character (patterns match bytes): widen
            // them to whole characters, then cut to MAX_TEXT on one.
            while !message.is_char_boundary(s) {
                s -= 1;
            }
            while !message.is_char_boundary(e) {
                e += 1;
            }
            let mut text = message[s..e].trim();
            if text.len() > MAX_TEXT {
                let mut cut = MAX_TEXT;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text = &text[..cut];
            }
            Evidence {
                signal: h.signal,
                text: text.to_string(),
                class: h.class,
                rule: h.rule,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{arm, classify_with, is_armed, rules, NOT_ARMED};
    use crate::classify::Class;

    #[test]
    fn an_advisory_is_vetted_like_a_cve_id() {
        // No buffer, length or allocation in sight: in a commit, an
        // integer overflow may only give a wrong number.
        let text = "gizmo: prevent integer overflow in gizmo_set_rate()\n\n\
                    A large rate makes the sum wrap.";
        assert_eq!(classify_with(text, false).class, Class::NotMemory);
        // In an advisory, or a commit naming a CVE, it is the vulnerability.
        assert_eq!(classify_with(text, true).class, Class::IntegerOverflow);
        let with_id = format!("{text}\n\nCVE-2031-0001");
        assert_eq!(classify_with(&with_id, false).class, Class::IntegerOverflow);
    }

    /// What arming must mean: a rule is armed when one of its keywords
    /// occurs anywhere in the text.
    fn armed_by_definition(text: &[u8]) -> Vec<bool> {
        rules()
            .rules
            .iter()
            .map(|r| {
                r.keywords
                    .iter()
                    .any(|k| memchr::memmem::find(text, k.as_bytes()).is_some())
            })
            .collect()
    }

    fn armed(text: &[u8]) -> Vec<bool> {
        let mut armed = vec![NOT_ARMED; rules().rules.len()];
        arm(rules(), text, &mut armed);
        armed.into_iter().map(is_armed).collect()
    }

    #[test]
    fn arming_finds_keywords_inside_and_across_others() {
        for text in [
            &b"bug: kasan: slab-use-after-free in frob"[..],
            b"double free of a use-after-free",
            b"out of bounds check, kmemleak and leakage",
            b"",
        ] {
            assert_eq!(
                armed(text),
                armed_by_definition(text),
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
        for rule in &rules().rules {
            for ex in rule.examples.iter().chain(&rule.counter) {
                let text = ex.to_ascii_lowercase();
                assert_eq!(
                    armed(text.as_bytes()),
                    armed_by_definition(text.as_bytes()),
                    "{ex}"
                );
            }
        }
    }

    /// Text made of keywords run together, overlapping and cut short.
    fn keyword_soup() -> impl Strategy<Value = String> {
        let words: Vec<String> = rules()
            .rules
            .iter()
            .flat_map(|r| r.keywords.iter().cloned())
            .collect();
        let piece = prop_oneof![
            prop::sample::select(words.clone()),
            (prop::sample::select(words), 0usize..6).prop_map(|(w, cut)| {
                let cut = cut.min(w.len());
                w[cut..].to_owned()
            }),
            "[a-z :._-]{0,3}",
        ];
        prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn arming_equals_its_definition(text in keyword_soup()) {
            prop_assert_eq!(armed(text.as_bytes()), armed_by_definition(text.as_bytes()));
        }
    }
}
