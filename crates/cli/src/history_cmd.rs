//! `ferrometer history`: arguments, the run, and rendering.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use ferrometer_app::history::{
    self as app_history, parse_date, parse_duration, CacheChoice, HistoryPlan, RevisionFilter,
    Selection,
};
use ferrometer_app::scan::GroupBy;
use ferrometer_model::Lang;
use ferrometer_report::history::{self as report, HistoryMeta, HistoryStatsView, RevisionView};

use crate::args::{group_options, parse_group_by, parse_lang, Args, FormatArg, HeaderArg, SortArg};
use crate::Exit;

pub(crate) const HISTORY_HELP: &str = "\
Revisions:
  With none of --tags, --revs or --range: every release tag, or, in a repository
  without tags, monthly samples of HEAD's first-parent history. --every and
  --since/--until alone sample HEAD's first-parent history.

Classified blobs are cached (by blob id and classifier version) in the platform
cache directory; see --cache and --no-cache.

Exit status:
  0  success
  2  bad arguments, not a git repository, an unknown revision, missing objects
     (a shallow clone), or another error that stopped the run";

/// `ferrometer history`.
#[derive(clap::Args, Debug)]
pub struct HistoryArgs {
    /// A git repository: a work tree (or a directory inside one), a `.git` directory or a bare repository.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Release tags matching GLOB, in version order (`v6.*`); pre-release tags (`-rc1`, `-beta`) are skipped.
    #[arg(long, value_name = "GLOB", conflicts_with_all = ["revs", "range"])]
    pub tags: Option<String>,

    /// With --tags: keep pre-release tags too.
    #[arg(long, requires = "tags")]
    pub include_prerelease: bool,

    /// These revisions, comma-separated, in the order given (`v1.0,v2.0,HEAD`).
    #[arg(
        long,
        value_name = "REVS",
        value_delimiter = ',',
        conflicts_with = "range"
    )]
    pub revs: Vec<String>,

    /// The first-parent commits of A..B (A excluded); sample them with --every.
    #[arg(long, value_name = "A..B")]
    pub range: Option<String>,

    /// Keep one revision per DURATION (`1month`, `2w`, `90d`, `1y`), going back from the newest.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub every: Option<i64>,

    /// Only revisions committed on or after DATE (`2023-01-01`, RFC 3339, or epoch seconds).
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<i64>,

    /// Only revisions committed on or before DATE (a bare date includes the whole day).
    #[arg(long, value_name = "DATE", value_parser = parse_until)]
    pub until: Option<i64>,

    /// Group rows by `language`, `subsystem` (the MAINTAINERS or CODEOWNERS of each revision),
    /// `dir[:DEPTH]` or `file`.
    #[arg(long, value_name = "GROUPING", default_value = "language", value_parser = parse_group_by)]
    pub by: GroupBy,

    /// Only these languages, comma-separated (`rust,c++`).
    #[arg(long, value_name = "LANGS", value_delimiter = ',', value_parser = parse_lang)]
    pub lang: Vec<Lang>,

    /// Add the change from the previous revision to each row (ΔFiles, ΔLines, ΔCode).
    #[arg(long)]
    pub delta: bool,

    /// Also draw code lines per revision as a line chart into this SVG file.
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,

    /// Row order within each revision.
    #[arg(long, value_enum, default_value_t = SortArg::Code)]
    pub sort: SortArg,

    /// Count every `.h` file as C or as C++, instead of deciding per file.
    #[arg(long, value_enum, value_name = "LANG")]
    pub header_lang: Option<HeaderArg>,

    /// Leave vendored code out.
    #[arg(long)]
    pub exclude_vendored: bool,

    /// Leave generated code out.
    #[arg(long)]
    pub exclude_generated: bool,

    /// The blob cache file (default: ferrometer/blobs.sqlite in the platform cache directory).
    #[arg(long, value_name = "PATH", conflicts_with = "no_cache")]
    pub cache: Option<PathBuf>,

    /// Use no cache: classify every blob of this run.
    #[arg(long)]
    pub no_cache: bool,
}

/// `--since DATE`: the start of the day for a bare date.
pub(crate) fn parse_since(s: &str) -> Result<i64, String> {
    parse_date(s, false)
}

/// `--until DATE`: the end of the day for a bare date.
pub(crate) fn parse_until(s: &str) -> Result<i64, String> {
    parse_date(s, true)
}

impl HistoryArgs {
    /// Validates the arguments into a plan.
    pub fn plan(&self, threads: usize) -> anyhow::Result<HistoryPlan> {
        let selection = if let Some(glob) = &self.tags {
            Selection::Tags {
                glob: glob.clone(),
                include_prerelease: self.include_prerelease,
            }
        } else if !self.revs.is_empty() {
            let revs: Vec<String> = self
                .revs
                .iter()
                .map(|r| r.trim().to_owned())
                .filter(|r| !r.is_empty())
                .collect();
            if revs.is_empty() {
                anyhow::bail!("--revs needs at least one revision");
            }
            Selection::Revs(revs)
        } else if let Some(range) = &self.range {
            let (from, to) = range
                .split_once("..")
                .filter(|(a, b)| !a.is_empty() && !b.is_empty() && !b.starts_with('.'))
                .ok_or_else(|| anyhow::anyhow!("--range {range:?}: write it as A..B"))?;
            Selection::Range {
                from: from.to_owned(),
                to: to.to_owned(),
            }
        } else if self.since.is_some() || self.until.is_some() {
            Selection::Head
        } else {
            Selection::Default
        };
        if let (Some(s), Some(u)) = (self.since, self.until) {
            if s > u {
                anyhow::bail!("--since is later than --until");
            }
        }
        Ok(HistoryPlan {
            path: self.path.clone(),
            filter: RevisionFilter {
                selection,
                since: self.since,
                until: self.until,
                every: self.every,
            },
            group: group_options(
                self.by,
                &self.lang,
                self.header_lang,
                (self.exclude_vendored, self.exclude_generated),
                self.sort,
            ),
            cache: match (&self.cache, self.no_cache) {
                (_, true) => CacheChoice::Off,
                (Some(p), false) => CacheChoice::At(p.clone()),
                (None, false) => CacheChoice::Default,
            },
            threads,
        })
    }
}

pub(crate) fn run(args: &Args, h: &HistoryArgs) -> anyhow::Result<Exit> {
    let plan = h.plan(args.threads)?;
    let bar = progress_bar(args.quiet);
    let out = app_history::history(&plan, &|done, total, classified| {
        bar.set_length(total);
        bar.set_position(done);
        bar.set_message(format!("{classified} blobs classified"));
    })?;
    bar.finish_and_clear();
    if !args.quiet {
        for n in &out.notes {
            eprintln!("ferrometer: note: {n}");
        }
        for d in &out.diagnostics {
            eprintln!("ferrometer: warning: {}: {}", d.subject, d.message);
        }
    }
    let repo = out.repo.display().to_string();
    let group_by = plan.group.by.spec();
    let meta = HistoryMeta {
        repo: &repo,
        group_by: &group_by,
        group_title: plan.group.by.title(),
        delta: h.delta,
    };
    let views: Vec<RevisionView<'_>> = out
        .revisions
        .iter()
        .map(|r| RevisionView {
            name: &r.name,
            commit: &r.commit,
            date: &r.date,
            time: r.time,
            owners_file: r.owners_file.as_deref(),
            submodules: r.submodules,
            footprint: &r.footprint,
        })
        .collect();
    let s = out.stats;
    let stats = HistoryStatsView {
        revisions_cached: s.revisions_cached,
        distinct_blobs: s.distinct_blobs,
        cache_hits: s.cache_hits,
        classified: s.classified,
        bytes_read: s.bytes_read,
    };
    if let Some(path) = &h.chart {
        let name = out
            .repo
            .file_name()
            .map_or_else(|| repo.clone(), |n| n.to_string_lossy().into_owned());
        let what = if plan.group.by == GroupBy::Language {
            "per language".to_owned()
        } else {
            format!("per {}", plan.group.by.title().to_lowercase())
        };
        let title = format!("{name}: code lines {what}");
        report::chart(&views, &meta, &title, path).map_err(anyhow::Error::msg)?;
    }
    let stdout = io::stdout();
    let mut w = io::BufWriter::new(stdout.lock());
    report::render(&views, &meta, &stats, crate::format(h.format), &mut w)?;
    w.flush()?;
    Ok(Exit::Success)
}

/// A bar of revisions on stderr, drawn only when stderr is a terminal and not `--quiet`.
fn progress_bar(quiet: bool) -> indicatif::ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "history {bar:30} {pos}/{len} revisions, {msg} ({elapsed})",
        )
        .expect("the progress template is valid"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}
