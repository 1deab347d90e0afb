//! `bugs`: fix commits, the memory-safety bugs they repair, per year,
//! language and subsystem.
//!
//! Data flow: walk the commits (`ferrometer-git`, all parents, newest
//! first) → classify every message in parallel (`ferrometer-bugs`) →
//! for the fixes only, diff against the first parent in parallel (renames
//! followed) → language of each touched path and its subsystem under
//! HEAD's `MAINTAINERS`/`CODEOWNERS` → resolve `Fixes:` tags to commits for
//! lifetimes → join advisories by fix commit, classify the rest from their
//! own text → [`tally`] into rows; with `--by language|subsystem`, code
//! lines at the end of each year (the `history` pipeline and its cache) as
//! denominators.
//!
//! Without a git repository (a release tarball), only advisories are read,
//! attributed through the files they list and the tree's own footprint.

mod attribute;
mod commits;
pub mod tally;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::Context;
use ferrometer_bugs::advisory::{self, Advisory, AdvisoryStats, State};
use ferrometer_bugs::classify::{Class, Verdict};
use ferrometer_git::{Oid, Repo};
use ferrometer_model::bugs::{BugItem, EvidenceItem, Lifetime};
use ferrometer_model::Diagnostic;
use rayon::prelude::*;

pub use attribute::{Exposure, HeaderLangs};

use crate::history::CacheChoice;

/// What the commit walk covers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommitFilter {
    /// `A..B`: commits reachable from B but not from A. `None`: HEAD's history.
    pub range: Option<(String, String)>,
    /// Only commits committed at or after this (seconds since the epoch).
    pub since: Option<i64>,
    /// Only commits committed at or before this.
    pub until: Option<i64>,
}

/// A validated `bugs` request.
#[derive(Clone, Debug)]
pub struct BugsPlan {
    /// A git repository, or (with advisories) any source tree.
    pub path: PathBuf,
    /// Which commits.
    pub filter: CommitFilter,
    /// Diff each fix to attribute it to languages and subsystems.
    pub files: bool,
    /// Measure code lines per language and subsystem at the end of each year.
    pub exposure: bool,
    /// Advisory files (OSV, CVE JSON 5): a file or a directory tree.
    pub advisories: Option<PathBuf>,
    /// The blob cache used for code lines.
    pub cache: CacheChoice,
    /// Worker threads; 0 means one per CPU.
    pub threads: usize,
}

/// The advisories of a run and what became of them.
#[derive(Debug, Default)]
pub struct Advisories {
    /// What reading them gave (files, malformed, rejected…).
    pub stats: AdvisoryStats,
    /// One item per advisory in force, in id order: the fix commit when one
    /// is in the repository (its `id` is then the commit), else the
    /// advisory classified from its own text and files.
    pub items: Vec<AdvisoryItem>,
}

/// One advisory in force.
#[derive(Debug)]
pub struct AdvisoryItem {
    /// The advisory's id.
    pub id: String,
    /// Publication year, when the record gives a date.
    pub year: Option<i32>,
    /// The fix commit found in the repository, 40 hex digits.
    pub commit: Option<String>,
    /// The classified advisory (class, languages, subsystems, evidence).
    pub item: BugItem,
}

/// A finished `bugs` run.
#[derive(Debug)]
pub struct BugsOutput {
    /// The repository's work tree (or git directory), or the source tree.
    pub source: PathBuf,
    /// Whether commits were read (false for a tree without git history).
    pub git: bool,
    /// Commits walked, per committer year.
    pub commits_per_year: BTreeMap<i32, u64>,
    /// Of the commits walked, merges.
    pub merges: u64,
    /// Every fix commit, newest first.
    pub fixes: Vec<BugItem>,
    /// The committer year of each fix, as `fixes`.
    pub fix_years: Vec<i32>,
    /// Advisories, when asked for.
    pub advisories: Option<Advisories>,
    /// Code lines per year, language and subsystem, when measured.
    pub exposure: Option<Exposure>,
    /// The ownership file used for subsystems (`MAINTAINERS`, `CODEOWNERS`).
    pub owners_file: Option<String>,
    /// How subsystems were found: `maintainers`, `codeowners` or `top-dir`.
    pub owners_kind: &'static str,
    /// Things to tell the user.
    pub notes: Vec<String>,
    /// Malformed ownership lines and the like.
    pub diagnostics: Vec<Diagnostic>,
}

/// Progress: a phase name and a count.
pub type Progress<'a> = &'a (dyn Fn(&str, u64) + Sync);

/// Runs `bugs`.
///
/// # Errors
/// Not a repository (and no advisories to read instead), unknown revisions,
/// a shallow clone missing objects, or a cache that cannot be used.
pub fn bugs(plan: &BugsPlan, progress: Progress<'_>) -> anyhow::Result<BugsOutput> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(plan.threads)
        .build()
        .context("could not start worker threads")?;
    // The rules compile in parallel on this pool, not on rayon's global
    // one (the classifying threads below are not the pool's).
    pool.install(ferrometer_bugs::classify::prepare);
    pool.install(|| match Repo::open(&plan.path) {
        Ok(repo) => with_history(plan, &repo, progress),
        Err(ferrometer_git::Error::NotARepository { .. }) if plan.advisories.is_some() => {
            without_history(plan, progress)
        }
        Err(e) => Err(e.into()),
    })
}

fn with_history(
    plan: &BugsPlan,
    repo: &Repo,
    progress: Progress<'_>,
) -> anyhow::Result<BugsOutput> {
    let mut notes = Vec::new();
    if repo.is_shallow() {
        notes.push(
            "the repository is a shallow clone: only the commits it holds are counted".into(),
        );
    }
    let (head, hidden) = match &plan.filter.range {
        Some((from, to)) => (repo.resolve(to)?, vec![repo.resolve(from)?]),
        None => (repo.resolve("HEAD")?, Vec::new()),
    };
    let mut walked = commits::walk(repo, &head, &hidden, &plan.filter, progress)?;
    let attr = if plan.files || plan.advisories.is_some() {
        Some(attribute::Attributor::of_commit(repo, &head.commit)?)
    } else {
        None
    };
    let mut fixes = commits::fixes(repo, &mut walked, attr.as_ref(), plan.files, progress)?;
    commits::lifetimes(repo, &walked, &mut fixes, attr.as_ref(), progress);

    let advisories = plan
        .advisories
        .as_ref()
        .map(|path| join_advisories(path, Some(repo), &walked, &mut fixes, attr.as_ref()));
    // Code lines are only worth measuring when there is something to divide.
    let counted = !fixes.is_empty() || advisories.as_ref().is_some_and(|a| !a.items.is_empty());
    let exposure = if plan.exposure && counted {
        progress("code lines", 0);
        let years: Vec<i32> = year_range(&walked.per_year);
        Some(attribute::exposure_by_year(
            repo,
            &head,
            &years,
            attr.as_ref().expect("exposure needs attribution"),
            &plan.cache,
            plan.threads,
        )?)
    } else {
        None
    };
    if let (Some(e), Some(a)) = (&exposure, &attr) {
        commits::settle_headers(&mut fixes, a, e);
    }
    let (owners_file, owners_kind, diagnostics) = match attr {
        Some(a) => (a.owners_file, a.owners.kind(), a.diagnostics),
        None => (None, "none", Vec::new()),
    };
    let source = repo
        .work_dir()
        .unwrap_or_else(|| repo.git_dir().to_path_buf());
    let fix_years = fixes.iter().map(|f| f.year).collect();
    Ok(BugsOutput {
        source: source.canonicalize().unwrap_or(source),
        git: true,
        commits_per_year: walked.per_year.clone(),
        merges: walked.merges,
        fixes: fixes.into_iter().map(|f| f.item).collect(),
        fix_years,
        advisories,
        exposure,
        owners_file,
        owners_kind,
        notes,
        diagnostics,
    })
}

/// A source tree without history: advisories only, attributed through the
/// files they list; code lines from the tree as it is.
fn without_history(plan: &BugsPlan, progress: Progress<'_>) -> anyhow::Result<BugsOutput> {
    let root = crate::root::find(&plan.path)?;
    let attr = attribute::Attributor::of_tree(&root.base)?;
    let path = plan.advisories.as_deref().expect("checked by the caller");
    progress("advisories", 0);
    let advisories = join_advisories(
        path,
        None,
        &commits::Walked::default(),
        &mut Vec::new(),
        Some(&attr),
    );
    let exposure = if plan.exposure {
        progress("code lines", 0);
        let mut years: Vec<i32> = advisories.items.iter().filter_map(|a| a.year).collect();
        years.sort_unstable();
        years.dedup();
        Some(attribute::exposure_of_tree(&root.base, &years, &attr)?)
    } else {
        None
    };
    Ok(BugsOutput {
        source: root.base.clone(),
        git: false,
        commits_per_year: BTreeMap::new(),
        merges: 0,
        fixes: Vec::new(),
        fix_years: Vec::new(),
        advisories: Some(advisories),
        exposure,
        owners_file: attr.owners_file.clone(),
        owners_kind: attr.owners.kind(),
        notes: vec![format!(
            "{} is not a git repository: only the advisories are counted, attributed through the files they list",
            plan.path.display()
        )],
        diagnostics: attr.diagnostics,
    })
}

/// Every year from the oldest commit's to the newest's.
fn year_range(per_year: &BTreeMap<i32, u64>) -> Vec<i32> {
    match (per_year.keys().next(), per_year.keys().next_back()) {
        (Some(&a), Some(&b)) => (a..=b).collect(),
        _ => Vec::new(),
    }
}

/// Reads the advisories, marks each fix commit found in the walk with its
/// advisory (a commit whose message did not read as a fix becomes one, of
/// the advisory's class), and classifies the others from their own text.
fn join_advisories(
    path: &Path,
    repo: Option<&Repo>,
    walked: &commits::Walked,
    fixes: &mut Vec<commits::Fix>,
    attr: Option<&attribute::Attributor>,
) -> Advisories {
    let (records, stats) = advisory::read_advisories(path);
    let mut by_commit: HashMap<Oid, usize> = HashMap::new();
    for (i, f) in fixes.iter().enumerate() {
        by_commit.insert(f.oid, i);
    }
    // Each item with the index of its fix commit among the walked ones.
    let mut found: Vec<(AdvisoryItem, Option<usize>)> = records
        .par_iter()
        .filter(|a| a.state == State::Published)
        .map(|adv| advisory_item(adv, walked, attr))
        .collect();
    found.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    for (item, walked_index) in &found {
        let Some(commit) = walked_index.map(|w| walked.commits[w]) else {
            continue;
        };
        let i = match (by_commit.get(&commit.id), repo) {
            (Some(&i), _) => i,
            (None, Some(repo)) => {
                fixes.push(commits::from_advisory(repo, commit, &item.item, attr));
                by_commit.insert(commit.id, fixes.len() - 1);
                fixes.len() - 1
            }
            (None, None) => continue,
        };
        let cves = &mut fixes[i].item.cves;
        if !cves.contains(&item.id) {
            cves.push(item.id.clone());
        }
    }
    commits::newest_first(fixes);
    Advisories {
        stats,
        items: found.into_iter().map(|(item, _)| item).collect(),
    }
}

/// An advisory classified and attributed through its files, and the index
/// of its fix commit among the walked ones.
fn advisory_item(
    adv: &Advisory,
    walked: &commits::Walked,
    attr: Option<&attribute::Attributor>,
) -> (AdvisoryItem, Option<usize>) {
    let verdict = advisory::classify_advisory(adv);
    let walked_index = adv.fix_commits.iter().find_map(|c| walked.find_prefix(c));
    let commit = walked_index.map(|i| walked.commits[i].id);
    let year = advisory_year(adv);
    let subject = ferrometer_bugs::classify::subject(adv.message()).to_owned();
    let mut item = bug_item(
        commit.map_or_else(|| adv.id.clone(), |c| c.to_string()),
        adv.published.clone().unwrap_or_default(),
        subject,
        &verdict,
    );
    let files = adv.files.len() as u64;
    match attr {
        Some(a) => commits::attribute(&mut item, a, &adv.files, files),
        None => item.files = files,
    }
    if !item.cves.contains(&adv.id) && adv.id.to_ascii_uppercase().starts_with("CVE-") {
        item.cves.insert(0, adv.id.clone());
    }
    let item = AdvisoryItem {
        id: adv.id.clone(),
        year,
        commit: commit.map(|c| c.to_string()),
        item,
    };
    (item, walked_index)
}

/// The year an advisory counts for: its publication date's, else the year
/// in its CVE id (the kernel CNA's records in its `vulns` repository carry
/// no dates; the id's year is not always the year of publication).
fn advisory_year(adv: &Advisory) -> Option<i32> {
    let from_date = adv
        .published
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse().ok());
    from_date.or_else(|| {
        std::iter::once(&adv.id).chain(&adv.aliases).find_map(|id| {
            let rest = id
                .get(..4)?
                .eq_ignore_ascii_case("cve-")
                .then(|| &id[4..])?;
            rest.get(..4)?
                .parse()
                .ok()
                .filter(|_| rest.as_bytes().get(4) == Some(&b'-'))
        })
    })
}

/// A fix of a crash its message gives no class to, in C or C++ code and
/// not in Rust: a memory error of no more specific class (`other-memory`).
/// In C a crash is a wild access (a segfault); in Rust it is a panic, and
/// the classifier already leaves those out.
pub(crate) fn crash_in_c(item: &mut BugItem) {
    let (c_like, rust) = c_like_and_rust(item);
    if item.class == class_index(Class::NotMemory)
        && item.tags.contains(&"crash")
        && c_like
        && !rust
    {
        let text = format!("a crash in {} code", item.langs.join("/"));
        reclass(item, Class::OtherMemory, "crash-in-c", text);
    }
}

/// A fix in Rust code only, classed as a memory error its message names
/// (out-of-bounds, integer overflow, NULL, a generic one), whose message
/// does not mention `unsafe`: in safe Rust those errors are caught by
/// checks, so the fix is not a memory-safety fix (`not-memory`). When the
/// message says it panicked, the evidence is `panic-in-rust` and the item
/// is tagged `rust-panic`; otherwise the evidence is `safe-rust` ("fix
/// buffer overflow" in a Rust-only change is an index that was checked).
/// A sanitizer's report (Miri, ASan) or a soundness claim keeps the class,
/// and so does a CVE that does not say it panicked.
///
/// Two classes safe Rust rules out at compile time go the same way: a
/// "race" (`Send`/`Sync` leave only races between events: files,
/// processes, callbacks, which are not data races) unless the message
/// says "data race", and "uninitialized" (a variable is read only once
/// set; the word names a state, such as a terminal not set up yet). A
/// use-after-free or double free named as such keeps its class: in Rust
/// it can only come from unsafe code, so the claim stands.
pub(crate) fn panic_in_rust(item: &mut BugItem) {
    let (c_like, rust) = c_like_and_rust(item);
    let class = Class::ALL[item.class];
    // Caught by a check at run time, or ruled out by the compiler.
    let ruled_out =
        class == Class::Uninitialized || (class == Class::DataRace && !says_data_race(item));
    let checked = ruled_out
        || matches!(
            class,
            Class::OutOfBounds | Class::IntegerOverflow | Class::NullDeref | Class::OtherMemory
        );
    let reported = item.evidence.iter().any(|e| e.signal == "sanitizer");
    let vouched = item.tags.contains(&"unsafe") || item.tags.contains(&"soundness") || reported;
    let panicked = item.tags.contains(&"panic");
    // A CVE is a vetted vulnerability: without a panic to say otherwise, its
    // memory error is taken as one.
    let vetted = !item.cves.is_empty();
    if checked && !vouched && rust && !c_like && (panicked || !vetted) {
        let was = class.name();
        if panicked && !item.tags.contains(&"rust-panic") {
            item.tags.push("rust-panic");
        }
        let (rule, text) = if panicked {
            (
                "panic-in-rust",
                format!("a panic in Rust code ({was} is checked there)"),
            )
        } else {
            let how = if ruled_out {
                "ruled out by the compiler"
            } else {
                "checked"
            };
            (
                "safe-rust",
                format!("Rust code only, no unsafe mentioned ({was} is {how} there)"),
            )
        };
        reclass(item, Class::NotMemory, rule, text);
    }
}

/// Whether the evidence for an item's class names a data race as such
/// ("data race", "data-race", `data_race()`), not only a "race".
fn says_data_race(item: &BugItem) -> bool {
    item.evidence.iter().any(|e| {
        e.class == Some(Class::DataRace.name()) && e.text.to_ascii_lowercase().contains("data")
    })
}

/// A fix classed as a memory error (a leak aside) that touched only
/// memory-safe code (`safe_only`: scripts, prose, data; see
/// `Attributor::memory_safe_only`): whatever the message says, the
/// program's memory was not where the bug was: a race between shell
/// commands, a shell function recursing into a "stack overflow", Perl's
/// "use of uninitialized value". It becomes `not-memory`, with evidence
/// `memory-safe-code`.
pub(crate) fn safe_code_only(item: &mut BugItem, safe_only: bool) {
    let memory =
        item.class != class_index(Class::NotMemory) && item.class != class_index(Class::MemoryLeak);
    if safe_only && memory {
        let was = Class::ALL[item.class].name();
        let text = format!("only scripts, prose or data touched ({was} cannot happen there)");
        reclass(item, Class::NotMemory, "memory-safe-code", text);
    }
}

/// Gives an item `class`, with the evidence of the language rule that did.
fn reclass(item: &mut BugItem, class: Class, rule: &'static str, text: String) {
    item.class = class_index(class);
    item.evidence.push(EvidenceItem {
        signal: "language",
        rule,
        class: Some(class.name()),
        text,
    });
}

/// Whether an item touched C or C++ files, and whether it touched Rust ones.
fn c_like_and_rust(item: &BugItem) -> (bool, bool) {
    let has = |names: &[&str]| item.langs.iter().any(|l| names.contains(&l.as_str()));
    (has(&["C", "C++"]), has(&["Rust"]))
}

/// The index of `class` in [`ferrometer_model::bugs::CLASSES`].
fn class_index(class: Class) -> usize {
    Class::ALL
        .iter()
        .position(|c| *c == class)
        .expect("every class is in Class::ALL")
}

/// A list item for a verdict; languages, subsystems and files are filled in later.
fn bug_item(id: String, date: String, subject: String, v: &Verdict) -> BugItem {
    let t = v.tags;
    let tags = [
        (t.cc_stable, "cc-stable"),
        (t.revert, "revert"),
        (t.rust_panic, "rust-panic"),
        (t.soundness, "soundness"),
        (t.reported, "reported"),
        (t.bug_link, "bug-link"),
        (t.crash, "crash"),
        (t.panic, "panic"),
        (t.unsafe_code, "unsafe"),
    ]
    .into_iter()
    .filter_map(|(on, name)| on.then_some(name))
    .collect();
    BugItem {
        id,
        date,
        subject,
        class: class_index(v.class),
        langs: Vec::new(),
        subsystems: Vec::new(),
        files: 0,
        cves: v.cves.clone(),
        fixes: v.fixes.iter().map(|f| f.sha.clone()).collect(),
        lifetime: None::<Lifetime>,
        tags,
        bot: v.reported_by_bot.map(ferrometer_bugs::classify::Bot::name),
        evidence: v
            .evidence
            .iter()
            .map(|e| EvidenceItem {
                signal: e.signal.name(),
                rule: e.rule,
                class: e.class.map(Class::name),
                text: e.text.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_order_matches_the_model() {
        let names: Vec<&str> = Class::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names, ferrometer_model::bugs::CLASSES);
    }

    #[test]
    fn advisory_years_from_dates_else_cve_ids() {
        let mut adv = Advisory {
            id: "CVE-2024-12345".into(),
            ..Advisory::default()
        };
        assert_eq!(advisory_year(&adv), Some(2024));
        adv.published = Some("2025-01-02".into());
        assert_eq!(advisory_year(&adv), Some(2025));
        adv.published = None;
        adv.id = "CURL-CVE-2023-1".into();
        assert_eq!(advisory_year(&adv), None);
        adv.aliases = vec!["cve-2023-38545".into()];
        assert_eq!(advisory_year(&adv), Some(2023));
        adv.aliases = vec!["CVE-20x3-1".into(), "CVE-2".into()];
        assert_eq!(advisory_year(&adv), None);
    }

    /// The class an item of verdict `v` ends with after `rule`, when it
    /// touched files of `langs`; and the item.
    fn after(v: &Verdict, langs: &[&str], rule: fn(&mut BugItem)) -> (String, BugItem) {
        let mut item = bug_item("a".into(), String::new(), String::new(), v);
        item.langs = langs.iter().map(|s| (*s).to_owned()).collect();
        rule(&mut item);
        (item.class_name().to_owned(), item)
    }

    #[test]
    fn crashes_in_c_are_memory_errors_in_rust_not() {
        let v = ferrometer_bugs::classify::classify("frob: fix a crash when the list is empty");
        assert!(v.tags.crash);
        let (class, c) = after(&v, &["C"], crash_in_c);
        assert_eq!(class, "other-memory");
        assert_eq!(c.evidence.last().map(|e| e.rule), Some("crash-in-c"));
        for langs in [&["Rust"][..], &["C", "Rust"], &[]] {
            assert_eq!(after(&v, langs, crash_in_c).0, "not-memory", "{langs:?}");
        }
        let a = ferrometer_bugs::classify::classify("frob: fix a crash on assert in the parser");
        assert!(!a.tags.crash);
        // A UBSAN shift report is not a wild access either.
        let shift = ferrometer_bugs::classify::classify(
            "frob: harden the bit conversion\n\nThe core hits a shift-out-of-bounds \
             exception; return a sane value instead of crashing.",
        );
        assert!(shift.is_fix && !shift.tags.crash);
        // Nor is a device's firmware crashing; a crash of our own beside it is.
        let fw = ferrometer_bugs::classify::classify(
            "wifi: blip: fix firmware crash on a large station id",
        );
        assert!(fw.is_fix && !fw.tags.crash);
        let both = ferrometer_bugs::classify::classify(
            "wifi: blip: fix firmware crash on a large station id

The driver then crashes too.",
        );
        assert!(both.tags.crash);
    }

    #[test]
    fn panics_in_rust_are_checks_in_c_memory_errors() {
        let v = ferrometer_bugs::classify::classify(
            "input: fix panic parsing long sequences\n\nThe lengths were swapped, so a long sequence went out of bounds and panicked.",
        );
        assert_eq!(v.class.name(), "out-of-bounds");
        assert!(v.tags.panic);
        let (class, r) = after(&v, &["Rust"], panic_in_rust);
        assert_eq!(class, "not-memory");
        assert!(r.tags.contains(&"rust-panic"));
        assert_eq!(r.evidence.last().map(|e| e.rule), Some("panic-in-rust"));
        for langs in [&["C"][..], &["C", "Rust"], &[]] {
            assert_eq!(
                after(&v, langs, panic_in_rust).0,
                "out-of-bounds",
                "{langs:?}"
            );
        }
        let u = ferrometer_bugs::classify::classify(
            "ffi: fix out-of-bounds read in the unsafe decoder\n\nIt panicked later.",
        );
        assert!(!u.tags.panic);
        let uaf =
            ferrometer_bugs::classify::classify("fix use-after-free that made the pool panic");
        assert_eq!(after(&uaf, &["Rust"], panic_in_rust).0, "use-after-free");
        // Without panic wording: an overflow claimed for safe Rust is a check.
        let o = ferrometer_bugs::classify::classify("forward-char: fix buffer overflow");
        assert_eq!(o.class.name(), "out-of-bounds");
        let (class, r) = after(&o, &["Rust"], panic_in_rust);
        assert_eq!(class, "not-memory");
        assert!(!r.tags.contains(&"rust-panic"));
        assert_eq!(r.evidence.last().map(|e| e.rule), Some("safe-rust"));
        assert_eq!(after(&o, &["C", "Rust"], panic_in_rust).0, "out-of-bounds");
        // A CVE is vetted: only a panic makes its memory error a check.
        let mut item = bug_item("a".into(), String::new(), String::new(), &o);
        item.langs = vec!["Rust".into()];
        item.cves = vec!["CVE-2026-0001".into()];
        panic_in_rust(&mut item);
        assert_eq!(item.class_name(), "out-of-bounds");
        let u =
            ferrometer_bugs::classify::classify("ffi: fix buffer overflow in the unsafe reader");
        assert!(u.tags.unsafe_code);
        assert_eq!(after(&u, &["Rust"], panic_in_rust).0, "out-of-bounds");
    }

    #[test]
    fn races_and_uninitialized_state_in_safe_rust_are_not_memory_errors() {
        // A race between a callback and a closed window: no shared memory.
        let r = ferrometer_bugs::classify::classify(
            "pager: fix crash when the window closes first\n\nThe completion callback races with the close.",
        );
        assert_eq!(r.class.name(), "data-race");
        let (class, item) = after(&r, &["Rust"], panic_in_rust);
        assert_eq!(class, "not-memory");
        let last = item.evidence.last().unwrap();
        assert_eq!(last.rule, "safe-rust");
        assert!(
            last.text.contains("ruled out by the compiler"),
            "{}",
            last.text
        );
        assert_eq!(after(&r, &["C++"], panic_in_rust).0, "data-race");
        assert_eq!(after(&r, &["C", "Rust"], panic_in_rust).0, "data-race");
        // Said as a data race, or in unsafe code, the claim stands.
        let d = ferrometer_bugs::classify::classify("queue: fix data race on the head index");
        assert_eq!(d.class.name(), "data-race");
        assert_eq!(after(&d, &["Rust"], panic_in_rust).0, "data-race");
        let u = ferrometer_bugs::classify::classify(
            "ring: fix race in the unsafe slot hand-off between threads",
        );
        assert_eq!(u.class.name(), "data-race");
        assert_eq!(after(&u, &["Rust"], panic_in_rust).0, "data-race");
        let i = ferrometer_bugs::classify::classify(
            "term: fix use of uninitialized value when the tty is not set up",
        );
        assert_eq!(i.class.name(), "uninitialized");
        assert_eq!(after(&i, &["Rust"], panic_in_rust).0, "not-memory");
        assert_eq!(after(&i, &["C"], panic_in_rust).0, "uninitialized");
    }

    #[test]
    fn memory_errors_in_scripts_are_not_memory_safety() {
        let v = ferrometer_bugs::classify::classify(
            "funced: close a race condition between mktemp and the editor",
        );
        assert_eq!(v.class.name(), "data-race");
        let dir = tempfile::tempdir().unwrap();
        let attr = attribute::Attributor::of_tree(dir.path()).unwrap();
        let only = |paths: &[&str]| attr.memory_safe_only(paths.iter().copied());
        assert!(only(&[
            "share/functions/funced.fish",
            "tests/run.pl",
            "docs/a.md"
        ]));
        assert!(!only(&["share/functions/funced.fish", "src/env.cpp"]));
        assert!(!only(&["lib/CHANGES"]), "unknown without an extension");
        assert!(!only(&["main.go"]), "unknown extension");
        assert!(!only(&[]));
        let mut item = bug_item("a".into(), String::new(), String::new(), &v);
        safe_code_only(&mut item, true);
        assert_eq!(item.class_name(), "not-memory");
        assert_eq!(
            item.evidence.last().map(|e| e.rule),
            Some("memory-safe-code")
        );
        let mut item = bug_item("a".into(), String::new(), String::new(), &v);
        safe_code_only(&mut item, false);
        assert_eq!(item.class_name(), "data-race");
        let leak = ferrometer_bugs::classify::classify("fix memory leak in the parser");
        let mut item = bug_item("a".into(), String::new(), String::new(), &leak);
        safe_code_only(&mut item, true);
        assert_eq!(item.class_name(), "memory-leak");
    }

    #[test]
    fn years_are_contiguous() {
        let mut m = BTreeMap::new();
        assert!(year_range(&m).is_empty());
        m.insert(2019, 3);
        m.insert(2022, 1);
        assert_eq!(year_range(&m), [2019, 2020, 2021, 2022]);
    }
}
