//! Fingerprints the line classifier's own source, so that caches of
//! classified blobs (`history`'s SQLite cache) go stale by themselves when
//! the classifier changes, not only when `data/languages.toml` does.

use std::path::Path;

/// The files whose contents decide how a blob is classified.
const INPUTS: &[&str] = &[
    "src/count.rs",
    "src/count/clike.rs",
    "src/count/hash.rs",
    "src/count/lexer.rs",
    "src/lang.rs",
    "src/walk.rs",
    "../../data/languages.toml",
];

fn main() {
    // FNV-1a: stable across Rust versions, unlike `DefaultHasher`.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        let bytes = std::fs::read(Path::new(input))
            .unwrap_or_else(|e| panic!("build script could not read {input}: {e}"));
        for b in input.bytes().chain(bytes) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=FERROMETER_CLASSIFIER_HASH={h:016x}");
}
