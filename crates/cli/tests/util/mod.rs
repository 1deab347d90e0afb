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

/// The string `key` of each element of the JSON array `list`.
pub fn strings<'a>(list: &'a serde_json::Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .unwrap_or_else(|| panic!("an array, not {list}"))
        .iter()
        .map(|e| {
            e[key]
                .as_str()
                .unwrap_or_else(|| panic!("no string {key} in {e}"))
        })
        .collect()
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

/// First commit time; each commit is one day after the one before.
pub const T0: i64 = 1_600_000_000;
pub const DAY: i64 = 86_400;

/// Runs git in `dir` isolated from the machine's configuration, at `time`.
pub fn git(dir: &Path, args: &[&str], time: i64) -> String {
    let date = format!("@{time} +0000");
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
        .args(["-c", "init.defaultBranch=main", "-c", "core.autocrlf=false"])
        .args([
            "-c",
            "protocol.file.allow=always",
            "-c",
            "advice.detachedHead=false",
        ])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.org")
        .env("GIT_COMMITTER_NAME", "Test Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.org")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .output()
        .expect("the git CLI is needed to build test repositories");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim_end().to_owned()
}

/// A repository in a temporary directory with a clock that moves one day per commit.
pub struct Repo {
    dir: tempfile::TempDir,
    commits: i64,
}

impl Repo {
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("repo")).expect("mkdir");
        let r = Repo { dir, commits: 0 };
        r.git(&["init", "-q"]);
        r
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("repo")
    }

    pub fn sibling(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn git(&self, args: &[&str]) -> String {
        git(&self.path(), args, T0 + self.commits.max(1) * DAY - DAY)
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Repo {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, contents).expect("write");
        self
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path().join(rel)).expect("rm");
    }

    pub fn commit(&mut self, msg: &str) -> String {
        self.git(&["add", "-A"]);
        self.commit_index(msg)
    }

    /// Commits everything at `time` (seconds since the epoch).
    pub fn commit_at(&mut self, msg: &str, time: i64) -> String {
        self.git(&["add", "-A"]);
        self.commits += 1;
        git(&self.path(), &["commit", "-q", "-m", msg], time);
        git(&self.path(), &["rev-parse", "HEAD"], time)
    }

    /// Commits what is staged, without `git add`.
    pub fn commit_index(&mut self, msg: &str) -> String {
        let time = T0 + self.commits * DAY;
        self.commits += 1;
        git(&self.path(), &["commit", "-q", "-m", msg], time);
        git(&self.path(), &["rev-parse", "HEAD"], time)
    }
}
