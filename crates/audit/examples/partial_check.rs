//! Checks that the partial parse gives what the whole-file parse gives, on
//! every `.rs` file under a directory: `cargo run --release -p ferrometer-audit
//! --example partial_check -- ~/.cargo/registry/src`. Prints the files that
//! differ and the time each way; `SHOW=1` adds what differs, `DUMP=DIR`
//! writes both audits of the last differing file to `DIR/{part,whole}.txt`.

use std::time::{Duration, Instant};

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("a directory"));
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(p),
                Ok(t) if t.is_file() && p.extension().is_some_and(|x| x == "rs") => files.push(p),
                _ => {}
            }
        }
    }
    let mut a = ferrometer_audit::Auditor::new();
    let (mut t_part, mut t_whole, mut bytes, mut differ) =
        (Duration::ZERO, Duration::ZERO, 0usize, 0);
    let mut parsed = 0u64;
    let mut by_top: std::collections::HashMap<String, (u64, u64)> =
        std::collections::HashMap::new();
    for f in &files {
        let Ok(src) = std::fs::read(f) else { continue };
        bytes += src.len();
        let t = Instant::now();
        let part = a.audit(&src);
        t_part += t.elapsed();
        let t = Instant::now();
        let whole = a.audit_whole(&src);
        t_whole += t.elapsed();
        parsed += part.parsed_bytes;
        let top = f
            .strip_prefix(&root)
            .ok()
            .and_then(|r| r.components().next())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let e = by_top.entry(top).or_default();
        e.0 += src.len() as u64;
        e.1 += part.parsed_bytes;
        let mut whole = whole;
        whole.parsed_bytes = part.parsed_bytes;
        // The reference parses files the prefilter skips: they must hold nothing.
        whole.skipped = part.skipped;
        // Parse errors in items the partial parse skips are not seen: compare the rest.
        if part.parse_error.is_none() {
            whole.parse_error = None;
        }
        if part != whole {
            differ += 1;
            println!("differs: {}", f.display());
            if let Some(dir) = std::env::var_os("DUMP") {
                let dir = std::path::Path::new(&dir);
                std::fs::write(dir.join("part.txt"), format!("{part:#?}")).expect("writable");
                std::fs::write(dir.join("whole.txt"), format!("{whole:#?}")).expect("writable");
            }
            if std::env::var_os("SHOW").is_some() {
                let ps: Vec<_> = part.sites.iter().map(|s| (s.line, s.kind, s.doc)).collect();
                let ws: Vec<_> = whole
                    .sites
                    .iter()
                    .map(|s| (s.line, s.kind, s.doc))
                    .collect();
                println!(
                    "  sites: {}",
                    if ps == ws {
                        "same".to_string()
                    } else {
                        format!("partial {ps:?}\n  whole {ws:?}")
                    }
                );
                println!("  ffi: {} vs {}, maybe: {} vs {}, externs {} vs {}, ranges {:?} vs {:?}, err {:?} vs {:?}",
                    part.ffi.len(), whole.ffi.len(), part.maybe_extern.len(), whole.maybe_extern.len(),
                    part.extern_fns.len(), whole.extern_fns.len(), part.unsafe_ranges.len(), whole.unsafe_ranges.len(),
                    part.parse_error, whole.parse_error);
            }
        }
    }
    let mut tops: Vec<_> = by_top.into_iter().collect();
    tops.sort_by_key(|t| std::cmp::Reverse(t.1 .1));
    for (name, (b, p)) in tops.iter().take(25) {
        println!(
            "  {name}: {} MB, {} MB parsed",
            b / 1_000_000,
            p / 1_000_000
        );
    }
    println!("parsed {} MB", parsed / 1_000_000);
    println!(
        "{} files, {} MB: partial {:.2} s, whole {:.2} s, {differ} differ",
        files.len(),
        bytes / 1_000_000,
        t_part.as_secs_f64(),
        t_whole.as_secs_f64()
    );
}
