//! Builds small repositories with the `git` CLI, isolated from the machine's
//! git configuration, with fixed names and dates.

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// First commit time; each commit is 1000 s after the one before.
pub const T0: i64 = 1_700_000_000;
/// The committer time zone of every commit: +01:30.
pub const TZ: &str = "+0130";

/// A repository in a temporary directory.
pub struct Fixture {
    _dir: tempfile::TempDir,
    /// The work tree.
    pub path: PathBuf,
    n_commits: i64,
}

/// Runs git in `dir` with a clean environment; panics with git's stderr on failure.
pub fn git(dir: &Path, args: &[&str], time: i64) -> String {
    let date = format!("@{time} {TZ}");
    let output = Command::new("git")
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
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_OBJECT_DIRECTORY")
        .env("GIT_AUTHOR_NAME", "Ada Author")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Cy Committer")
        .env("GIT_COMMITTER_EMAIL", "cy@example.com")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .output()
        .unwrap_or_else(|e| {
            panic!("the git CLI is needed to build test repositories (install git): {e}")
        });
    assert!(
        output.status.success(),
        "git {args:?} failed in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("git printed UTF-8")
        .trim_end()
        .to_owned()
}

/// Raw stdout of a git command (for blob contents).
pub fn git_bytes(dir: &Path, args: &[&str]) -> Vec<u8> {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?} failed");
    output.stdout
}

impl Fixture {
    /// An empty repository on branch `main`.
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("repo");
        std::fs::create_dir(&path).expect("create repo dir");
        git(&path, &["init", "-q"], T0);
        Fixture {
            _dir: dir,
            path,
            n_commits: 0,
        }
    }

    /// A directory next to the work tree, for clones.
    pub fn sibling(&self, name: &str) -> PathBuf {
        self.path.parent().expect("repo has a parent").join(name)
    }

    /// Runs git in the work tree at the time of the last commit.
    pub fn git(&self, args: &[&str]) -> String {
        git(&self.path, args, self.now())
    }

    /// The time of the latest commit.
    pub fn now(&self) -> i64 {
        T0 + (self.n_commits - 1).max(0) * 1000
    }

    /// Writes a file (creating directories).
    pub fn write(&self, rel: &str, contents: &[u8]) {
        let path = self.path.join(rel);
        std::fs::create_dir_all(path.parent().expect("file has a parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write file");
    }

    /// Stages everything and commits at the next time; returns the commit id.
    pub fn commit(&mut self, message: &str) -> String {
        let time = T0 + self.n_commits * 1000;
        self.n_commits += 1;
        git(&self.path, &["add", "-A"], time);
        git(
            &self.path,
            &["commit", "-q", "--allow-empty", "-m", message],
            time,
        );
        git(&self.path, &["rev-parse", "HEAD"], time)
    }

    /// Commits what is staged, without `git add`, at the next time.
    pub fn commit_index(&mut self, message: &str) -> String {
        let time = T0 + self.n_commits * 1000;
        self.n_commits += 1;
        git(&self.path, &["commit", "-q", "-m", message], time);
        git(&self.path, &["rev-parse", "HEAD"], time)
    }

    /// Merges `branch` into the current branch with a merge commit at the next time.
    pub fn merge(&mut self, branch: &str) -> String {
        let time = T0 + self.n_commits * 1000;
        self.n_commits += 1;
        git(
            &self.path,
            &[
                "merge",
                "-q",
                "--no-ff",
                "-m",
                &format!("Merge {branch}"),
                branch,
            ],
            time,
        );
        git(&self.path, &["rev-parse", "HEAD"], time)
    }
}

/// The commits of the standard history, by role.
pub struct History {
    pub fx: Fixture,
    pub c1: String,
    pub c2: String,
    pub f1: String,
    pub f2: String,
    pub c3: String,
    pub merge: String,
    pub c4: String,
}

/// A history with every feature the tests need:
///
/// ```text
/// c1 ── c2 ── c3 ──── M ── c4        main
///         \          /
///          f1 ── f2                  feature
/// ```
/// Tags: `v1.0-rc1` (lightweight, c1), `v1.0` (annotated, c2), `v1.1`
/// (lightweight, c3), `v1.10` (annotated, M), `v1.9` (lightweight, c4),
/// `v0-tree` (tree), `v0-blob` (annotated, blob), `other` (c1).
pub fn history() -> History {
    let mut fx = Fixture::new();
    fx.write("README.md", b"hello\nworld\nthis is the readme\n");
    fx.write("src/main.c", b"int main(void) { return 0; }\n");
    fx.write("bin.dat", b"\x00\x01\x02binary\xff\xfe");
    fx.write("script.sh", b"#!/bin/sh\necho hi\n");
    std::fs::set_permissions(
        fx.path.join("script.sh"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .expect("chmod");
    std::os::unix::fs::symlink("README.md", fx.path.join("link")).expect("symlink");
    let c1 = fx.commit("first commit\n\nwith a body");
    fx.git(&["tag", "v1.0-rc1"]);
    fx.git(&["tag", "other"]);

    fx.write("src/main.c", b"int main(void) { return 1; }\n");
    fx.write("src/lib.rs", b"pub fn f() {}\n");
    let c2 = fx.commit("second: modify main.c, add lib.rs");
    fx.git(&["tag", "-a", "-m", "release 1.0", "v1.0"]);

    fx.git(&["checkout", "-q", "-b", "feature"]);
    fx.write("feature.rs", b"fn feature() {}\n");
    let f1 = fx.commit("feature one");
    fx.write("feature.rs", b"fn feature() { todo!() }\n");
    let f2 = fx.commit("feature two");
    fx.git(&["checkout", "-q", "main"]);

    std::fs::create_dir(fx.path.join("docs")).expect("mkdir docs");
    fx.git(&["mv", "README.md", "docs/README.md"]);
    fx.git(&["rm", "-q", "bin.dat"]);
    std::fs::remove_file(fx.path.join("link")).expect("rm link");
    std::os::unix::fs::symlink("docs/README.md", fx.path.join("link")).expect("symlink");
    let c3 = fx.commit("third: rename README, delete bin.dat");
    fx.git(&["tag", "v1.1"]);

    let merge = fx.merge("feature");
    fx.git(&["tag", "-a", "-m", "release 1.10", "v1.10"]);

    // A file name that is not UTF-8 (Latin-1 "café.txt").
    let latin1 = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(fx.path.join(latin1), b"non-utf8 name\n").expect("write");
    fx.git(&["add", "-A"]);
    fx.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{c1},vendor/sub"),
    ]);
    let c4 = fx.commit_index("fourth: submodule, non-UTF-8 name");
    fx.git(&["tag", "v1.9"]);

    let tree = fx.git(&["rev-parse", "HEAD^{tree}"]);
    fx.git(&["tag", "v0-tree", &tree]);
    let blob = fx.git(&["rev-parse", "HEAD:src/lib.rs"]);
    fx.git(&["tag", "-a", "-m", "a blob", "v0-blob", &blob]);
    History {
        fx,
        c1,
        c2,
        f1,
        f2,
        c3,
        merge,
        c4,
    }
}
