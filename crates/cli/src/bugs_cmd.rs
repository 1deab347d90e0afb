//! `ferrometer bugs`: arguments, the run, and rendering.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use ferrometer_app::bugs::tally::{self, GroupKey};
use ferrometer_app::bugs::{self as app_bugs, BugsPlan, CommitFilter};
use ferrometer_app::history::CacheChoice;
use ferrometer_model::bugs::{is_memory_safety, BugItem, CLASSES};
use ferrometer_report::bugs::{self as report, AdvisoryCounts, BugsMeta, BugsReport, View};

use crate::args::{Args, FormatArg};
use crate::history_cmd::{parse_since, parse_until};
use crate::Exit;

pub(crate) const BUGS_HELP: &str = "\
Classes:
  use-after-free, out-of-bounds, double-free, invalid-free, null-deref,
  uninitialized, data-race, type-confusion, integer-overflow, other-memory
  (memory safety); memory-leak; not-memory. --class memory-safety picks the
  first ten. The rules are in docs/bugs.md.

Attribution: each fix is diffed against its first parent; a file counts for
its language by name (headers with their language) and for its subsystem
under HEAD's MAINTAINERS or CODEOWNERS (else its top-level directory). A fix
touching C and Rust counts once for each. With --by language|subsystem, code
lines at the end of each year are measured (through the history cache) and
shown as KLOC with memory-safety fixes per KLOC-year.

Exit status:
  0  success
  1  the run finished, but some advisory files could not be read
  2  bad arguments, not a git repository (without --advisories), an unknown
     revision, missing objects (a shallow clone), or another fatal error";

/// How summary rows are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BugsBy {
    /// One row per committer year.
    Year,
    /// One row per language of the touched files.
    Language,
    /// One row per subsystem (MAINTAINERS section, CODEOWNERS owners, top directory).
    Subsystem,
}

/// `ferrometer bugs`.
#[derive(clap::Args, Debug)]
pub struct BugsArgs {
    /// A git repository (work tree, `.git` or bare); with --advisories also a source tree without history.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Only commits committed on or after DATE (`2020-01-01`, RFC 3339, or epoch seconds).
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<i64>,

    /// Only commits committed on or before DATE (a bare date includes the whole day).
    #[arg(long, value_name = "DATE", value_parser = parse_until)]
    pub until: Option<i64>,

    /// Only commits in A..B (reachable from B, not from A); default: all of HEAD's history.
    #[arg(long, value_name = "A..B")]
    pub range: Option<String>,

    /// Rows per `year`, `language` or `subsystem`.
    #[arg(long, value_enum, default_value_t = BugsBy::Year)]
    pub by: BugsBy,

    /// With --by language|subsystem: a row per group and year too.
    #[arg(long)]
    pub per_year: bool,

    /// Keep the first N groups (the N newest years with --by year, the first N rows with --list).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// One row per fix commit (per advisory without history), with its evidence.
    #[arg(long)]
    pub list: bool,

    /// With --list: only these classes, comma-separated (`use-after-free`, or `memory-safety` for all ten).
    #[arg(long, value_name = "CLASSES", value_delimiter = ',', requires = "list", value_parser = parse_class)]
    pub class: Vec<String>,

    /// Classify messages only: no diffs, no languages or subsystems (much faster).
    #[arg(long, conflicts_with = "advisories")]
    pub no_files: bool,

    /// With --by language|subsystem: do not measure code lines (no KLOC, no rates).
    #[arg(long)]
    pub no_kloc: bool,

    /// OSV or CVE JSON 5 advisories: a file or a directory tree of `*.json` files.
    #[arg(long, value_name = "PATH")]
    pub advisories: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,

    /// The blob cache used to measure code lines (default: the platform cache directory).
    #[arg(long, value_name = "PATH", conflicts_with = "no_cache")]
    pub cache: Option<PathBuf>,

    /// Measure code lines without the cache.
    #[arg(long)]
    pub no_cache: bool,
}

fn parse_class(s: &str) -> Result<String, String> {
    let s = s.trim().to_ascii_lowercase();
    if s == "memory-safety" || CLASSES.contains(&s.as_str()) {
        Ok(s)
    } else {
        Err(format!(
            "unknown class {s:?}; one of memory-safety, {}",
            CLASSES.join(", ")
        ))
    }
}

impl BugsArgs {
    /// Validates the arguments into a plan.
    pub fn plan(&self, threads: usize) -> anyhow::Result<BugsPlan> {
        let range = match &self.range {
            Some(r) => {
                let (a, b) = r
                    .split_once("..")
                    .filter(|(a, b)| !a.is_empty() && !b.is_empty() && !b.starts_with('.'))
                    .ok_or_else(|| anyhow::anyhow!("--range {r:?}: write it as A..B"))?;
                Some((a.to_owned(), b.to_owned()))
            }
            None => None,
        };
        if let (Some(s), Some(u)) = (self.since, self.until) {
            if s > u {
                anyhow::bail!("--since is later than --until");
            }
        }
        if self.no_files && self.by != BugsBy::Year {
            anyhow::bail!(
                "--by {} needs the files each fix touched; drop --no-files",
                self.by_name()
            );
        }
        if let Some(p) = &self.advisories {
            if !p.exists() {
                anyhow::bail!("{}: no such file or directory", p.display());
            }
        }
        if self.per_year && self.by == BugsBy::Year {
            anyhow::bail!("--per-year goes with --by language or --by subsystem");
        }
        Ok(BugsPlan {
            path: self.path.clone(),
            filter: CommitFilter {
                range,
                since: self.since,
                until: self.until,
            },
            files: !self.no_files,
            exposure: self.by != BugsBy::Year && !self.no_kloc && !self.list,
            advisories: self.advisories.clone(),
            cache: match (&self.cache, self.no_cache) {
                (_, true) => CacheChoice::Off,
                (Some(p), false) => CacheChoice::At(p.clone()),
                (None, false) => CacheChoice::Default,
            },
            threads,
        })
    }

    fn by_name(&self) -> &'static str {
        match self.by {
            BugsBy::Year => "year",
            BugsBy::Language => "language",
            BugsBy::Subsystem => "subsystem",
        }
    }

    fn keeps(&self, item: &BugItem) -> bool {
        self.class.is_empty()
            || self.class.iter().any(|c| {
                c == item.class_name()
                    || (c == "memory-safety" && is_memory_safety(item.class_name()))
            })
    }
}

pub(crate) fn run(args: &Args, b: &BugsArgs) -> anyhow::Result<Exit> {
    let plan = b.plan(args.threads)?;
    let bar = crate::progress(args.quiet, "bugs");
    let out = app_bugs::bugs(&plan, &|phase, n| {
        if n > 0 {
            bar.set_message(format!("{phase}: {n}"));
        } else {
            bar.set_message(phase.to_owned());
        }
    })?;
    bar.finish_and_clear();
    let mut partial = false;
    if !args.quiet {
        for n in &out.notes {
            eprintln!("ferrometer: note: {n}");
        }
        for d in &out.diagnostics {
            eprintln!("ferrometer: warning: {}: {}", d.subject, d.message);
        }
    }
    if let Some(a) = &out.advisories {
        let s = &a.stats;
        partial = s.unreadable > 0;
        if !args.quiet {
            for d in &s.samples {
                eprintln!("ferrometer: warning: {}: {}", d.subject, d.message);
            }
            let more = (s.malformed_files + s.unreadable + s.unrecognized_files)
                .saturating_sub(s.samples.len() as u64);
            if more > 0 {
                eprintln!("ferrometer: warning: {more} more advisory files could not be used");
            }
        }
    }

    let rows = match b.by {
        BugsBy::Year => tally::by_year(&out),
        BugsBy::Language => tally::by_group(&out, GroupKey::Language, b.per_year),
        BugsBy::Subsystem => tally::by_group(&out, GroupKey::Subsystem, b.per_year),
    };
    // The total of the years shown (all of them unless --top cuts them).
    let years = tally::by_year(&out);
    let total = match (b.by, b.top) {
        (BugsBy::Year, Some(n)) => tally::total(&years[..n.min(years.len())]),
        _ => tally::total(&years),
    };
    // --top: the first N groups (with their per-year rows), or the N newest years.
    let rows = match b.top {
        Some(n) if b.by != BugsBy::Year => {
            let mut kept = 0;
            rows.into_iter()
                .take_while(|r| {
                    if r.year.is_none() {
                        kept += 1;
                    }
                    kept <= n
                })
                .collect()
        }
        Some(n) => rows.into_iter().take(n).collect(),
        None => rows,
    };
    let lifetimes = tally::lifetimes(&out);
    let adv_rows = out.advisories.as_ref().map(tally::advisories_by_year);
    let adv_total = adv_rows.as_deref().map(tally::total);
    let advisories = match (&out.advisories, &adv_rows, &adv_total) {
        (Some(a), Some(rows), Some(total)) => {
            let s = &a.stats;
            let counts = AdvisoryCounts {
                files: s.files,
                malformed: s.malformed_files,
                unrecognized: s.unrecognized_files,
                unreadable: s.unreadable,
                published: s.published,
                rejected: s.rejected,
                withdrawn: s.withdrawn,
                in_repository: a.items.iter().filter(|i| i.commit.is_some()).count() as u64,
            };
            Some((rows.as_slice(), total, counts))
        }
        _ => None,
    };
    let listed: Vec<BugItem> = if b.list {
        let source: Box<dyn Iterator<Item = &BugItem>> = if out.git {
            Box::new(out.fixes.iter())
        } else {
            Box::new(
                out.advisories
                    .iter()
                    .flat_map(|a| &a.items)
                    .map(|a| &a.item),
            )
        };
        let mut items: Vec<BugItem> = source.filter(|i| b.keeps(i)).cloned().collect();
        if !out.git {
            // Advisories come in id order: newest first, as commits are.
            items.sort_by(|x, y| y.date.cmp(&x.date).then_with(|| y.id.cmp(&x.id)));
        }
        items.truncate(b.top.unwrap_or(usize::MAX));
        items
    } else {
        Vec::new()
    };
    let source = out.source.display().to_string();
    let revisions = match &plan.filter.range {
        Some((a, z)) => format!("{a}..{z}"),
        None if out.git => "HEAD".to_owned(),
        None => "no history".to_owned(),
    };
    let meta = BugsMeta {
        source: &source,
        git: out.git,
        by: b.by_name(),
        revisions: &revisions,
        owners_file: out.owners_file.as_deref(),
        owners_kind: out.owners_kind,
    };
    let report = BugsReport {
        rows: &rows,
        total: &total,
        merges: out.merges,
        lifetimes: &lifetimes,
        advisories,
        items: &listed,
    };
    let view = if b.list { View::List } else { View::Summary };
    let stdout = io::stdout();
    let mut w = io::BufWriter::new(stdout.lock());
    report::render(&report, &meta, view, crate::format(b.format), &mut w)?;
    w.flush()?;
    if io::stdout().is_terminal() && !args.quiet && b.list && listed.is_empty() {
        eprintln!("ferrometer: note: no fix matches");
    }
    Ok(if partial {
        Exit::PartialErrors
    } else {
        Exit::Success
    })
}
