//! Reads an advisory file or tree, classifies every record and prints the
//! stats, the memory-safety share per year and per class.
//!
//! ```text
//! cargo run --release -p ferrometer-bugs --example advisories -- <path> [samples-out.txt]
//! ```
//!
//! The year is the publication year, else the year in a `CVE-YYYY-…` id.
//! With a second argument, every classified description is written there
//! (id, verdict, first lines) for reading by eye.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use ferrometer_bugs::advisory::{classify_advisory, read_advisories, State};
use ferrometer_bugs::classify::Class;

fn main() {
    let mut args = std::env::args_os().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: advisories <file-or-dir> [samples-out.txt]");
        std::process::exit(2);
    };
    let samples_out = args.next().map(PathBuf::from);
    let started = std::time::Instant::now();
    let (advisories, stats) = read_advisories(&path);
    let read_time = started.elapsed();
    println!(
        "read {} advisories from {} files in {:.2?}",
        stats.advisories, stats.files, read_time
    );
    println!(
        "parsed files {}, malformed {}, unrecognized {}, unreadable {}, skipped non-json {}",
        stats.parsed_files,
        stats.malformed_files,
        stats.unrecognized_files,
        stats.unreadable,
        stats.skipped_files
    );
    println!(
        "published {}, rejected {}, withdrawn {} (osv {}, cve5 {})",
        stats.published, stats.rejected, stats.withdrawn, stats.osv, stats.cve5
    );
    for d in &stats.samples {
        println!("  problem: {}: {}", d.subject, d.message);
    }

    let started = std::time::Instant::now();
    let mut per_year: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new(); // total, memory safety, leak
    let mut per_class: BTreeMap<&str, u64> = BTreeMap::new();
    let mut dump = String::new();
    let mut with_fix = 0u64;
    let mut with_files = 0u64;
    for adv in advisories.iter().filter(|a| a.state == State::Published) {
        let v = classify_advisory(adv);
        let year = adv
            .published
            .as_deref()
            .map(|d| d[..4].to_string())
            .or_else(|| {
                adv.id
                    .strip_prefix("CVE-")
                    .and_then(|r| r.get(..4))
                    .map(str::to_string)
            })
            .unwrap_or_else(|| "?".to_string());
        let e = per_year.entry(year).or_default();
        e.0 += 1;
        if v.class.is_memory_safety() {
            e.1 += 1;
        }
        if v.class == Class::MemoryLeak {
            e.2 += 1;
        }
        *per_class.entry(v.class.name()).or_default() += 1;
        with_fix += u64::from(!adv.fix_commits.is_empty());
        with_files += u64::from(!adv.files.is_empty());
        if samples_out.is_some() {
            let head: Vec<&str> = adv
                .description
                .lines()
                .filter(|l| !l.trim().is_empty())
                .skip(1)
                .take(6)
                .collect();
            let ev: Vec<String> = v
                .evidence
                .iter()
                .filter(|e| e.class.is_some())
                .map(|e| format!("{}={}", e.rule, e.class.map_or("-", Class::name)))
                .collect();
            let _ = writeln!(
                dump,
                "## {} {} [{}]\n{}\n",
                adv.id,
                v.class.name(),
                ev.join(" "),
                head.join("\n")
            );
        }
    }
    let classify_time = started.elapsed();
    println!(
        "classified in {classify_time:.2?}; {with_fix} name fix commits, {with_files} name files"
    );
    println!("\nyear   total  memory-safety  share   leaks");
    for (year, (total, ms, leak)) in &per_year {
        #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
        let share = *ms as f64 / (*total).max(1) as f64 * 100.0;
        println!("{year:<6} {total:>5}  {ms:>13}  {share:>5.1}%  {leak:>5}");
    }
    println!("\nclass counts:");
    for (class, n) in &per_class {
        println!("  {class:<18} {n}");
    }
    if let Some(out) = samples_out {
        if let Err(e) = std::fs::write(&out, dump) {
            eprintln!("advisories: could not write {}: {e}", out.display());
            std::process::exit(1);
        }
    }
}
