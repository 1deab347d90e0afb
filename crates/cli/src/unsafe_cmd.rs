//! `ferrometer unsafe`: arguments, the run, gates and rendering.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::ValueEnum;
use ferrometer_app::unsafety::{self as app, UnsafeGroupBy, UnsafePlan, UnsafeSort};
use ferrometer_report::unsafety::{self as report, UnsafeMeta, UnsafeReport, View};
use ferrometer_report::Format;

use crate::args::Args;
use crate::Exit;

pub(crate) const UNSAFE_HELP: &str = "\
Documentation rules (clippy's):
  unsafe blocks and unsafe impls need a `// SAFETY:` comment on the lines right
  above them (or above the statement or item they belong to); public unsafe fns
  and traits need a `# Safety` section in their docs. An allow/expect of
  clippy::undocumented_unsafe_blocks covers a site. See docs/unsafe.md.

Exit status:
  0  success
  1  a gate failed (--deny, --max-unsafe-share; the reason is on stderr), or
     some files could not be read
  2  bad arguments, a missing path, or another error that stopped the run";

/// `ferrometer unsafe`.
#[derive(clap::Args, Debug)]
pub struct UnsafeArgs {
    /// Directory or file to audit.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Group rows by `subsystem` (kernel MAINTAINERS, else CODEOWNERS, else top-level
    /// directories), `dir[:DEPTH]`, `crate` (nearest Cargo.toml; kernel: rust/<crate> or the
    /// module's directory) or `file`.
    #[arg(long, value_name = "GROUPING", default_value = "subsystem", value_parser = parse_by)]
    pub by: UnsafeGroupBy,

    /// List every unsafe site that needs documentation it lacks (file:line:column).
    #[arg(long, conflicts_with_all = ["sites", "ffi"])]
    pub undocumented: bool,

    /// List every unsafe site, documented or not.
    #[arg(long, conflicts_with = "ffi")]
    pub sites: bool,

    /// List the C functions the Rust code calls, with call counts and calling files.
    #[arg(long)]
    pub ffi: bool,

    /// Output format; `sarif` writes the undocumented sites as SARIF 2.1.0.
    #[arg(long, value_enum, default_value_t = UnsafeFormat::Human)]
    pub format: UnsafeFormat,

    /// Row order.
    #[arg(long, value_enum, default_value_t = SortArg::Unsafe)]
    pub sort: SortArg,

    /// Exit 1 when there is any undocumented unsafe site (a CI gate).
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Vec<Deny>,

    /// Exit 1 when more than PCT percent of the code lines are inside unsafe blocks.
    #[arg(long, value_name = "PCT", value_parser = parse_pct)]
    pub max_unsafe_share: Option<f64>,

    /// Leave vendored code out.
    #[arg(long)]
    pub exclude_vendored: bool,

    /// Leave generated code out.
    #[arg(long)]
    pub exclude_generated: bool,

    /// Read files that .gitignore, .ignore and git's exclude files leave out.
    #[arg(long)]
    pub no_ignore: bool,

    /// Read hidden files and directories.
    #[arg(long)]
    pub hidden: bool,

    /// Follow symbolic links.
    #[arg(short = 'L', long)]
    pub follow: bool,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum UnsafeFormat {
    /// An aligned table.
    Human,
    /// JSON (docs/json.md).
    Json,
    /// CSV with a header row.
    Csv,
    /// A markdown table.
    Markdown,
    /// SARIF 2.1.0, one result per undocumented site.
    Sarif,
}

/// `--sort`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SortArg {
    /// Most code lines inside unsafe blocks first.
    Unsafe,
    /// Most undocumented sites first.
    Undocumented,
    /// Most calls into C first.
    Ffi,
    /// Most code lines first.
    Code,
    /// By name.
    Name,
}

/// `--deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Any unsafe site lacking its SAFETY comment or `# Safety` section.
    Undocumented,
}

fn parse_by(s: &str) -> Result<UnsafeGroupBy, String> {
    if s == "crate" {
        return Ok(UnsafeGroupBy::Crate);
    }
    match crate::args::parse_group_by(s)? {
        ferrometer_app::scan::GroupBy::Subsystem => Ok(UnsafeGroupBy::Subsystem),
        ferrometer_app::scan::GroupBy::Dir(n) => Ok(UnsafeGroupBy::Dir(n)),
        ferrometer_app::scan::GroupBy::File => Ok(UnsafeGroupBy::File),
        ferrometer_app::scan::GroupBy::Language => {
            Err("unsafe groups by subsystem, dir[:DEPTH], crate or file (all rows are Rust)".into())
        }
    }
}

fn parse_pct(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("not a percentage: {s:?}"))?;
    if (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("a percentage is from 0 to 100, not {v}"))
    }
}

pub(crate) fn run(args: &Args, u: &UnsafeArgs) -> anyhow::Result<Exit> {
    let plan = UnsafePlan {
        path: u.path.clone(),
        by: u.by,
        sort: match u.sort {
            SortArg::Unsafe => UnsafeSort::Unsafe,
            SortArg::Undocumented => UnsafeSort::Undocumented,
            SortArg::Ffi => UnsafeSort::Ffi,
            SortArg::Code => UnsafeSort::Code,
            SortArg::Name => UnsafeSort::Name,
        },
        exclude_vendored: u.exclude_vendored,
        exclude_generated: u.exclude_generated,
        walk: ferrometer_app::WalkOptions {
            no_ignore: u.no_ignore,
            hidden: u.hidden,
            follow_links: u.follow,
            threads: args.threads,
        },
    };
    let bar = crate::progress(args.quiet, "auditing");
    let out = app::audit(&plan)?;
    bar.finish_and_clear();
    if !args.quiet {
        for d in &out.diagnostics {
            eprintln!("ferrometer: warning: {}: {}", d.subject, d.message);
        }
    }
    let root = out.base.display().to_string();
    let path = plan
        .path
        .canonicalize()
        .unwrap_or_else(|_| plan.path.clone())
        .display()
        .to_string();
    let group_by = plan.by.spec();
    let meta = UnsafeMeta {
        root: &root,
        path: &path,
        group_by: &group_by,
        group_title: plan.by.title(),
        owners_file: out.owners_file.as_deref(),
    };
    let rep = UnsafeReport {
        rows: &out.rows,
        total: &out.total,
        sites: &out.sites,
        ffi: &out.ffi,
        bytes: out.bytes,
        excluded_files: out.excluded_files,
    };
    let view = if u.undocumented {
        View::Sites { undocumented: true }
    } else if u.sites {
        View::Sites {
            undocumented: false,
        }
    } else if u.ffi {
        View::Ffi
    } else {
        View::Summary
    };
    let stdout = io::stdout();
    let mut w = io::BufWriter::new(stdout.lock());
    let format = match u.format {
        UnsafeFormat::Sarif => None,
        UnsafeFormat::Human => Some(Format::Human),
        UnsafeFormat::Json => Some(Format::Json),
        UnsafeFormat::Csv => Some(Format::Csv),
        UnsafeFormat::Markdown => Some(Format::Markdown),
    };
    match format {
        Some(f) => report::render(&rep, &meta, view, f, &mut w)?,
        None => report::sarif(&rep, &meta, &mut w)?,
    }
    w.flush()?;

    let mut failed = false;
    let undocumented = out.total.undocumented();
    if u.deny.contains(&Deny::Undocumented) && undocumented > 0 {
        eprintln!(
            "ferrometer: unsafe: {undocumented} undocumented unsafe site{} (--deny undocumented; list them with --undocumented)",
            if undocumented == 1 { "" } else { "s" }
        );
        failed = true;
    }
    if let Some(max) = u.max_unsafe_share {
        #[allow(clippy::cast_precision_loss)]
        let share = if out.total.code == 0 {
            0.0
        } else {
            out.total.unsafe_code as f64 * 100.0 / out.total.code as f64
        };
        if share > max {
            eprintln!(
                "ferrometer: unsafe: {share:.2}% of code lines are inside unsafe blocks ({} of {}), over --max-unsafe-share {max}",
                out.total.unsafe_code, out.total.code
            );
            failed = true;
        }
    }
    Ok(if failed || out.unreadable_files > 0 {
        Exit::PartialErrors
    } else {
        Exit::Success
    })
}
