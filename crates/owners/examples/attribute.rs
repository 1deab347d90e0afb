//! Attributes every file of a tree to its `MAINTAINERS` section and prints how many files each
//! section owns (stdout), with the time taken to parse and to match (stderr).
//!
//! ```text
//! cargo run --release -p ferrometer-owners --example attribute -- <root> [--runs N] [--verify N] [--explain PATH]...
//! ```
//! Parse and match are timed over `--runs` runs (3 by default); the first and the best are
//! reported. `--verify N` checks the index against the slow reference matcher on every Nth file;
//! `--explain PATH` prints every section matching PATH with its depth, deepest first.

use std::collections::HashSet;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use std::{env, fs};

use ferrometer_owners::Maintainers;

fn main() -> ExitCode {
    let mut args = env::args().skip(1);
    let mut root = None;
    let mut verify_every = 0usize;
    let mut explain = Vec::new();
    let mut runs = 3usize;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--verify" => {
                verify_every = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
            }
            "--explain" => explain.extend(args.next()),
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(1).max(1),
            _ if root.is_none() => root = Some(arg),
            _ => {
                eprintln!("unexpected argument {arg}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(root) = root else {
        eprintln!("usage: attribute <root> [--runs N] [--verify N] [--explain PATH]...");
        return ExitCode::from(2);
    };
    let root = Path::new(&root);
    let text = match fs::read(root.join("MAINTAINERS")) {
        Ok(text) => text,
        Err(err) => {
            eprintln!(
                "could not read {}: {err}",
                root.join("MAINTAINERS").display()
            );
            return ExitCode::from(2);
        }
    };

    let mut files = Vec::new();
    let mut dirs = HashSet::new();
    let walk_start = Instant::now();
    walk(root, "", &mut files, &mut dirs);
    files.sort();
    let walk_time = walk_start.elapsed();

    // Parse twice: with `is_dir` asking the filesystem (what a scan of a tree on disk does), and
    // with the directory set collected by the walk (the parse alone, no system calls).
    let fs_is_dir = |p: &str| !p.starts_with('/') && root.join(p).is_dir();
    let set_is_dir = |p: &str| dirs.contains(p);
    let (parse_fs, (maintainers, diags)) = best_of(runs, || Maintainers::parse(&text, &fs_is_dir));
    let (parse_set, _) = best_of(runs, || Maintainers::parse(&text, &set_is_dir));
    for diag in &diags {
        eprintln!("warning: {}: {}", diag.subject, diag.message);
    }

    let (match_time, counts) = best_of(runs, || {
        let mut counts = vec![0u64; maintainers.len() + 1];
        for file in &files {
            let idx = maintainers.section_of(file).unwrap_or(maintainers.len());
            counts[idx] += 1;
        }
        counts
    });

    let mut rows: Vec<(u64, &str)> = counts
        .iter()
        .enumerate()
        .filter(|&(_, &n)| n > 0)
        .map(|(idx, &n)| {
            let name = if idx == maintainers.len() {
                "(unassigned)"
            } else {
                maintainers.section_name(idx)
            };
            (n, name)
        })
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    for (n, name) in &rows {
        println!("{n:>7}  {name}");
    }

    for path in &explain {
        eprintln!("{path}:");
        for m in maintainers.sections_of(path) {
            eprintln!("  {:>3}  {}", m.depth, maintainers.section_name(m.section));
        }
    }

    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    eprintln!(
        "walked {} files in {:.0} ms; {} sections, {} diagnostics",
        files.len(),
        ms(walk_time),
        maintainers.len(),
        diags.len()
    );
    eprintln!(
        "parse: {:.1} ms first / {:.1} ms best with is_dir on the filesystem; {:.1} ms first / {:.1} ms best with is_dir from a set",
        ms(parse_fs.0),
        ms(parse_fs.1),
        ms(parse_set.0),
        ms(parse_set.1)
    );
    eprintln!(
        "match: {:.1} ms first / {:.1} ms best for {} files ({:.0} ns per file); {} sections used",
        ms(match_time.0),
        ms(match_time.1),
        files.len(),
        match_time.1.as_secs_f64() * 1e9 / files.len().max(1) as f64,
        rows.len()
    );

    if verify_every > 0 {
        let start = Instant::now();
        let mut checked = 0;
        let mut differ = 0;
        for file in files.iter().step_by(verify_every) {
            checked += 1;
            let fast = maintainers.section_of(file);
            let slow = maintainers.section_of_reference(file);
            if fast != slow {
                differ += 1;
                let name = |s: Option<usize>| s.map_or("-", |s| maintainers.section_name(s));
                eprintln!(
                    "MISMATCH {file}: index {:?} reference {:?}",
                    name(fast),
                    name(slow)
                );
            }
        }
        eprintln!(
            "verify: {checked} files checked against the reference in {:.1} s, {differ} differ",
            start.elapsed().as_secs_f64()
        );
        if differ > 0 {
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

/// Runs `f` `runs` times; returns (first time, best time) and the first result.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> ((Duration, Duration), T) {
    let start = Instant::now();
    let first = f();
    let first_time = start.elapsed();
    let mut best = first_time;
    for _ in 1..runs {
        let start = Instant::now();
        let again = f();
        best = best.min(start.elapsed());
        drop(again);
    }
    ((first_time, best), first)
}

/// Collects the files (relative, `/`-separated) and directories below `dir`, skipping `.git`.
/// Symbolic links are listed as files and never followed.
fn walk(root: &Path, rel: &str, files: &mut Vec<String>, dirs: &mut HashSet<String>) {
    let Ok(entries) = fs::read_dir(root.join(rel)) else {
        eprintln!("warning: could not list {}", root.join(rel).display());
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if rel.is_empty() && name == ".git" {
            continue;
        }
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        match entry.file_type() {
            Ok(t) if t.is_dir() => {
                walk(root, &path, files, dirs);
                dirs.insert(path);
            }
            _ => files.push(path),
        }
    }
}
