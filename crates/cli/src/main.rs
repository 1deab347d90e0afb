//! The `ferrometer` binary: parses arguments, runs a pipeline from
//! `ferrometer-app`, renders with `ferrometer-report`, and maps the outcome
//! to an exit status.

mod args;
mod bugs_cmd;
mod history_cmd;
mod unsafe_cmd;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use ferrometer_report::{scan as scan_report, Format, ScanMeta};

use crate::args::{Args, Command, FormatArg, ScanArgs};

/// Exit statuses, as `--help` documents them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Exit {
    Success = 0,
    PartialErrors = 1,
    Fatal = 2,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => ExitCode::from(code as u8),
        Err(err) => {
            // A closed pipe (`ferrometer scan | head`) is not a failure.
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<io::Error>())
                .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("ferrometer: error: {err:#}");
            ExitCode::from(Exit::Fatal as u8)
        }
    }
}

fn run(args: &Args) -> anyhow::Result<Exit> {
    match &args.command {
        Command::Scan(scan) => run_scan(args, scan),
        Command::History(h) => history_cmd::run(args, h),
        Command::Unsafe(u) => unsafe_cmd::run(args, u),
        Command::Bugs(b) => bugs_cmd::run(args, b),
    }
}

fn run_scan(args: &Args, scan: &ScanArgs) -> anyhow::Result<Exit> {
    let plan = scan.plan(args.threads);
    let bar = progress(args.quiet, "scanning");
    let out = ferrometer_app::scan::scan(&plan, &|n| {
        bar.set_message(format!("{n} files"));
    })?;
    bar.finish_and_clear();
    for d in &out.diagnostics {
        if !args.quiet {
            eprintln!("ferrometer: warning: {}: {}", d.subject, d.message);
        }
    }
    let root = out.base.display().to_string();
    let path = plan
        .path
        .canonicalize()
        .unwrap_or_else(|_| plan.path.clone());
    let path = path.display().to_string();
    let group_by = plan.group.by.spec();
    let meta = ScanMeta {
        root: &root,
        path: &path,
        group_by: &group_by,
        group_title: plan.group.by.title(),
        owners_file: out.owners_file.as_deref(),
    };
    let stdout = io::stdout();
    let mut w = io::BufWriter::new(stdout.lock());
    scan_report::render(&out.footprint, &meta, format(scan.format), &mut w)?;
    w.flush()?;
    // Malformed ownership or attribute lines are worth a warning, but only
    // files that could not be read make the run partial.
    Ok(if out.footprint.summary.unreadable_files > 0 {
        Exit::PartialErrors
    } else {
        Exit::Success
    })
}

fn format(f: FormatArg) -> Format {
    match f {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Csv => Format::Csv,
        FormatArg::Markdown => Format::Markdown,
    }
}

/// A spinner on stderr, drawn only when stderr is a terminal and not `--quiet`.
pub(crate) fn progress(quiet: bool, what: &'static str) -> indicatif::ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {prefix} {msg} ({elapsed})")
            .expect("the progress template is valid"),
    );
    bar.set_prefix(what);
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}
