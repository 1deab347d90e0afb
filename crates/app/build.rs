//! Fingerprints the code that turns a git tree into a footprint, so that
//! `history`'s saved revisions go stale by themselves when that code (or a
//! rule table, or a dependency) changes.

use std::path::{Path, PathBuf};

/// Directories and files whose contents decide a revision's result.
const INPUTS: &[&str] = &[
    "src",
    "../model/src",
    "../source/src",
    "../owners/src",
    "../git/src",
    "../../data",
    "../../Cargo.lock",
];

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .unwrap_or_else(|e| panic!("build script could not list {}: {e}", path.display()))
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for e in entries {
            files(&e, out);
        }
    } else if path.is_file() {
        out.push(path.to_owned());
    }
}

fn main() {
    let mut all = Vec::new();
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        files(Path::new(input), &mut all);
    }
    // FNV-1a: stable across Rust versions, unlike `DefaultHasher`.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for path in &all {
        let bytes = std::fs::read(path)
            .unwrap_or_else(|e| panic!("build script could not read {}: {e}", path.display()));
        for b in path.to_string_lossy().bytes().chain(bytes) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=FERROMETER_PROGRAM_HASH={h:016x}");
}
