//! Command-line arguments (clap derive) and their validation into plans.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use ferrometer_app::scan::{GroupBy, GroupOptions, HeaderLang, ScanPlan, SortKey};
use ferrometer_model::Lang;

const EXIT_CODES: &str = "\
Exit status:
  0  success
  1  the run finished, but some files could not be read (warnings on stderr)
  2  bad arguments, a missing path, or another error that stopped the run";

/// Where a codebase stands with Rust and memory safety.
#[derive(Parser, Debug)]
#[command(name = "ferrometer", version, about, after_help = EXIT_CODES)]
pub struct Args {
    /// Print no progress and no warnings on stderr (errors are still printed).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Worker threads; 0 means one per CPU.
    #[arg(short = 'j', long, global = true, default_value_t = 0)]
    pub threads: usize,
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Language footprint (code, comment and blank lines) per language, subsystem, directory or file.
    #[command(after_help = EXIT_CODES)]
    Scan(ScanArgs),
    /// The same footprint across tags or commits, read straight from git objects.
    #[command(after_help = crate::history_cmd::HISTORY_HELP)]
    History(crate::history_cmd::HistoryArgs),
    /// Unsafe Rust per subsystem, crate or file: unsafe sites, SAFETY-comment coverage, calls into C.
    #[command(after_help = crate::unsafe_cmd::UNSAFE_HELP)]
    Unsafe(crate::unsafe_cmd::UnsafeArgs),
    /// Fix commits and memory-safety bugs per year, language and subsystem; advisories (OSV, kernel CVEs).
    #[command(after_help = crate::bugs_cmd::BUGS_HELP)]
    Bugs(crate::bugs_cmd::BugsArgs),
}

/// `ferrometer scan`.
#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// Directory or file to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Group rows by `language`, `subsystem` (kernel MAINTAINERS, else CODEOWNERS, else top-level
    /// directories), `dir[:DEPTH]` (directories cut to DEPTH components, 1 by default) or `file`.
    #[arg(long, value_name = "GROUPING", default_value = "language", value_parser = parse_group_by)]
    pub by: GroupBy,

    /// Only these languages, comma-separated (`rust,c,c-header`; names as in the table work too).
    #[arg(long, value_name = "LANGS", value_delimiter = ',', value_parser = parse_lang)]
    pub lang: Vec<Lang>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,

    /// Row order: most code lines, most files, or by name.
    #[arg(long, value_enum, default_value_t = SortArg::Code)]
    pub sort: SortArg,

    /// Count every `.h` file as C or as C++, instead of deciding per file
    /// (C++ constructs in the code, or a directory with more C++ than C sources).
    #[arg(long, value_enum, value_name = "LANG")]
    pub header_lang: Option<HeaderArg>,

    /// Leave vendored code out (`vendor/`, `third_party/`, `linguist-vendored`, kernel-vendored crates).
    #[arg(long)]
    pub exclude_vendored: bool,

    /// Leave generated code out (`linguist-generated`, `@generated`, `DO NOT EDIT` near the top).
    #[arg(long)]
    pub exclude_generated: bool,

    /// Count files that .gitignore, .ignore and git's exclude files leave out.
    #[arg(long)]
    pub no_ignore: bool,

    /// Count hidden files and directories (names starting with a dot).
    #[arg(long)]
    pub hidden: bool,

    /// Follow symbolic links.
    #[arg(short = 'L', long)]
    pub follow: bool,
}

/// `--format`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    /// An aligned table with totals.
    Human,
    /// JSON (schema documented in docs/json.md).
    Json,
    /// CSV with a header row.
    Csv,
    /// A markdown table.
    Markdown,
}

/// `--sort`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SortArg {
    /// Most code lines first.
    Code,
    /// Most files first.
    Files,
    /// By name.
    Name,
}

/// `--header-lang`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum HeaderArg {
    /// C headers.
    C,
    /// C++ headers.
    Cpp,
}

pub(crate) fn parse_group_by(s: &str) -> Result<GroupBy, String> {
    let (name, depth) = match s.split_once(':') {
        Some((n, d)) => (n, Some(d)),
        None => (s, None),
    };
    let by = match name {
        "language" | "lang" => GroupBy::Language,
        "subsystem" => GroupBy::Subsystem,
        "file" => GroupBy::File,
        "dir" => {
            let depth = match depth {
                None => 1,
                Some(d) => d.parse::<usize>().ok().filter(|&d| d > 0).ok_or_else(|| {
                    format!("dir depth must be a whole number from 1 up, not {d:?}")
                })?,
            };
            return Ok(GroupBy::Dir(depth));
        }
        other => {
            return Err(format!(
                "unknown grouping {other:?}: use language, subsystem, dir[:DEPTH] or file"
            ))
        }
    };
    if depth.is_some() {
        return Err(format!("only dir takes a depth, not {name}"));
    }
    Ok(by)
}

pub(crate) fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_name(s.trim()).ok_or_else(|| {
        let known: Vec<&str> = Lang::ALL.iter().map(|l| l.id()).collect();
        format!("unknown language {s:?}; known: {}", known.join(", "))
    })
}

impl ScanArgs {
    /// Validates the arguments into a plan.
    pub fn plan(&self, threads: usize) -> ScanPlan {
        ScanPlan {
            path: self.path.clone(),
            group: group_options(
                self.by,
                &self.lang,
                self.header_lang,
                (self.exclude_vendored, self.exclude_generated),
                self.sort,
            ),
            walk: ferrometer_app::WalkOptions {
                no_ignore: self.no_ignore,
                hidden: self.hidden,
                follow_links: self.follow,
                threads,
            },
        }
    }
}

/// Grouping and filtering options, shared by `scan` and `history`.
pub(crate) fn group_options(
    by: GroupBy,
    langs: &[Lang],
    header_lang: Option<HeaderArg>,
    (exclude_vendored, exclude_generated): (bool, bool),
    sort: SortArg,
) -> GroupOptions {
    GroupOptions {
        by,
        langs: (!langs.is_empty()).then(|| langs.to_vec()),
        header_lang: header_lang.map(|h| match h {
            HeaderArg::C => HeaderLang::C,
            HeaderArg::Cpp => HeaderLang::Cpp,
        }),
        exclude_vendored,
        exclude_generated,
        sort: match sort {
            SortArg::Code => SortKey::Code,
            SortArg::Files => SortKey::Files,
            SortArg::Name => SortKey::Name,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_by_specs() {
        assert_eq!(parse_group_by("language"), Ok(GroupBy::Language));
        assert_eq!(parse_group_by("subsystem"), Ok(GroupBy::Subsystem));
        assert_eq!(parse_group_by("dir"), Ok(GroupBy::Dir(1)));
        assert_eq!(parse_group_by("dir:3"), Ok(GroupBy::Dir(3)));
        assert_eq!(parse_group_by("file"), Ok(GroupBy::File));
        assert!(parse_group_by("dir:0").is_err());
        assert!(parse_group_by("dir:x").is_err());
        assert!(parse_group_by("file:2").is_err());
        assert!(parse_group_by("team").is_err());
    }

    #[test]
    fn langs_parse() {
        assert_eq!(parse_lang("rust"), Ok(Lang::Rust));
        assert_eq!(parse_lang("C Header"), Ok(Lang::CHeader));
        assert!(parse_lang("klingon").unwrap_err().contains("known:"));
    }

    #[test]
    fn clap_definition_is_valid() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }
}
