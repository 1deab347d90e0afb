//! Helpers for end-to-end tests: a temporary tree and a way to run the real binary on it.
// Each test binary uses a part of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary directory tree, removed on drop.
pub struct Tree {
    dir: tempfile::TempDir,
}

impl Default for Tree {
    fn default() -> Tree {
        Tree::new()
    }
}

impl Tree {
    pub fn new() -> Tree {
        Tree {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` at `rel`, creating parent directories.
    pub fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Tree {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
        std::fs::write(&p, contents).expect("write");
        self
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
}

/// Runs `ferrometer` with `args`, in `cwd`.
pub fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ferrometer"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

/// Runs and parses the JSON output, asserting success.
pub fn json(cwd: &Path, args: &[&str]) -> serde_json::Value {
    let out = run(cwd, args);
    assert!(
        out.status.success(),
        "ferrometer {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON on stdout")
}

/// The row of `lang` (and `group`, if given) in a scan document.
pub fn row<'a>(
    doc: &'a serde_json::Value,
    group: Option<&str>,
    lang: &str,
) -> &'a serde_json::Value {
    doc["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| {
            r["language"] == lang && r["origin"] == "own" && group.is_none_or(|g| r["group"] == g)
        })
        .unwrap_or_else(|| panic!("no row {group:?}/{lang} in {doc:#}"))
}

/// `(files, lines, code, comments, blanks)` of a row.
pub fn nums(r: &serde_json::Value) -> (u64, u64, u64, u64, u64) {
    let n = |k: &str| r[k].as_u64().unwrap_or_else(|| panic!("{k} in {r}"));
    (
        n("files"),
        n("lines"),
        n("code"),
        n("comments"),
        n("blanks"),
    )
}
