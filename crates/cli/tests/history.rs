//! End-to-end tests of `ferrometer history` on git repositories built here
//! with the `git` CLI. The most important one checks that every revision's
//! rows equal those of `ferrometer scan` on a checkout of that revision.

mod util;

use std::path::Path;

use serde_json::Value;
use util::{json, nums, run, strings, Repo, DAY, T0};

const MAINTAINERS_1: &str = "List of maintainers (a fixture).\n\n\
    NET DRIVERS\nM:\tAl Example <al@example.org>\nS:\tMaintained\nF:\tdrivers/net/\n\n\
    RUST SUPPORT\nM:\tBea Example <bea@example.org>\nS:\tSupported\nF:\trust/\n";

const MAINTAINERS_2: &str = "List of maintainers (a fixture).\n\n\
    NET CORE\nM:\tCal Example <cal@example.org>\nS:\tMaintained\nF:\tdrivers/net/core/\n\n\
    NET DRIVERS\nM:\tAl Example <al@example.org>\nS:\tMaintained\nF:\tdrivers/net/\n\n\
    RUST SUPPORT\nM:\tBea Example <bea@example.org>\nS:\tSupported\nF:\trust/\n";

/// A small kernel-like history:
///
/// - `v1.0` (annotated): C, a header, Rust, a shell script known by its `#!`,
///   a binary, a tracked file that `.gitignore` names, a hidden file, a symlink.
/// - `v1.1` (lightweight): `a.c` renamed into `core/` (same blob), `b.h`
///   deleted, a Rust file added, MAINTAINERS gains a `NET CORE` section,
///   the binary changed.
/// - `v2.0-rc1`: a `.gitattributes` marks `gen/` generated; vendored code.
/// - `v2.0` (annotated): more Rust, a submodule.
fn kernel_history() -> (Repo, Vec<String>) {
    let mut r = Repo::new();
    r.write("Kbuild", "obj-y += drivers/\n")
        .write("Kconfig", "# top level\nsource \"drivers/Kconfig\"\n")
        .write("MAINTAINERS", MAINTAINERS_1)
        // 3 lines: code 1, comment 1, blank 1.
        .write("drivers/net/a.c", "int a;\n/* note */\n\n")
        // 4 lines: code 3, comment 1.
        .write("drivers/net/b.h", "#ifndef B\n#define B\n// api\n#endif\n")
        // 4 lines: code 3, comment 1 (doc).
        .write(
            "rust/kernel/lib.rs",
            "/// Doc.\npub fn f() -> u32 {\n    1\n}\n",
        )
        // Shell by its #! line: code 1, comment 2.
        .write("scripts/check", "#!/bin/sh\n# check it\necho ok\n")
        .write("firmware/fw.bin", b"\x00\x01\x02\x03".as_slice())
        .write(".gitignore", "*.o\nlocal.c\n!.tool/\n")
        .write(".hidden/h.c", "int hidden;\n")
        // Hidden, but brought back by whitelist rules (as the walk does).
        .write(".tool/t.py", "x = 1\n")
        .write("docs/.gitignore", "!.gitignore\n!.lintrc\n")
        .write("docs/.lintrc", "rules: 1\n")
        .write("README", "Read me.\n");
    std::os::unix::fs::symlink("drivers/net/a.c", r.path().join("link.c")).expect("symlink");
    r.commit("first");
    // A tracked file that .gitignore names: git keeps it, a walk of the checkout skips it.
    r.write("local.c", "int local;\n");
    r.git(&["add", "-f", "local.c"]);
    r.commit("second");
    r.git(&["tag", "-a", "-m", "release one", "v1.0"]);
    let mut commits = vec![r.git(&["rev-parse", "HEAD"])];

    std::fs::create_dir_all(r.path().join("drivers/net/core")).expect("mkdir");
    r.git(&["mv", "drivers/net/a.c", "drivers/net/core/a.c"]);
    r.remove("drivers/net/b.h");
    // 3 lines: code 2, blank 1.
    r.write("rust/kernel/net.rs", "pub struct Net;\n\nimpl Net {}\n")
        .write("MAINTAINERS", MAINTAINERS_2)
        .write("firmware/fw.bin", b"\x00\x09\x09".as_slice());
    commits.push(r.commit("third"));
    r.git(&["tag", "v1.1"]);

    r.write(".gitattributes", "gen/** linguist-generated\n")
        .write("gen/table.c", "int t[2] = {1, 2};\n")
        .write("vendor/z/z.c", "int z;\n/* z */\n");
    commits.push(r.commit("fourth"));
    r.git(&["tag", "v2.0-rc1"]);

    r.write(
        "rust/kernel/lib.rs",
        "/// Doc.\npub fn f() -> u32 {\n    2\n}\n\npub fn g() {}\n",
    );
    r.git(&["add", "-A"]);
    r.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{},third_party/sub", commits[0]),
    ]);
    commits.push(r.commit_index("fifth"));
    r.git(&["tag", "-a", "-m", "release two", "v2.0"]);
    (r, commits)
}

fn history(dir: &Path, extra: &[&str]) -> Value {
    let cache = dir.parent().expect("parent").join("cache.sqlite");
    let mut args = vec!["history", ".", "--format", "json", "--cache"];
    let cache = cache.to_str().expect("utf-8").to_owned();
    args.push(&cache);
    args.extend_from_slice(extra);
    json(dir, &args)
}

fn names(doc: &Value) -> Vec<&str> {
    strings(&doc["revisions"], "name")
}

fn rev<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["revisions"]
        .as_array()
        .expect("revisions")
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no revision {name}"))
}

fn row<'a>(rev: &'a Value, group: Option<&str>, lang: &str) -> Option<&'a Value> {
    rev["rows"].as_array().expect("rows").iter().find(|r| {
        r["language"] == lang && r["origin"] == "own" && group.is_none_or(|g| r["group"] == g)
    })
}

#[test]
fn tags_give_exact_numbers_per_revision() {
    let (r, commits) = kernel_history();
    let doc = history(&r.path(), &["--tags", "v*"]);
    assert_eq!(doc["command"], "history");
    assert_eq!(
        names(&doc),
        ["v1.0", "v1.1", "v2.0"],
        "the -rc tag is skipped"
    );
    let v10 = rev(&doc, "v1.0");
    assert_eq!(v10["commit"], commits[0].as_str());
    assert_eq!(v10["date"], "2020-09-14");
    // a.c only: local.c is ignored, .hidden/h.c hidden, link.c a symlink.
    assert_eq!(nums(row(v10, None, "C").expect("C")), (1, 3, 1, 1, 1));
    assert_eq!(
        nums(row(v10, None, "C Header").expect("H")),
        (1, 4, 3, 1, 0)
    );
    assert_eq!(nums(row(v10, None, "Rust").expect("Rust")), (1, 4, 3, 1, 0));
    assert_eq!(nums(row(v10, None, "Shell").expect("sh")), (1, 3, 1, 2, 0));
    assert_eq!(v10["summary"]["binary_files"], 1);
    assert_eq!(nums(row(v10, None, "Python").expect("py")), (1, 1, 1, 0, 0));

    let v11 = rev(&doc, "v1.1");
    assert_eq!(nums(row(v11, None, "C").expect("C")), (1, 3, 1, 1, 1));
    assert!(row(v11, None, "C Header").is_none(), "b.h was deleted");
    assert_eq!(nums(row(v11, None, "Rust").expect("Rust")), (2, 7, 5, 1, 1));

    let v20 = rev(&doc, "v2.0");
    assert_eq!(nums(row(v20, None, "Rust").expect("Rust")), (2, 9, 6, 1, 2));
    let origin = |o: &str| {
        v20["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["language"] == "C" && r["origin"] == o)
            .map(nums)
    };
    assert_eq!(origin("generated"), Some((1, 1, 1, 0, 0)));
    assert_eq!(origin("vendored"), Some((1, 2, 1, 1, 0)));
    assert_eq!(v20["submodules"], 1);
    // Each blob is classified once: the unchanged a.c and the scripts are
    // shared by all three revisions.
    let stats = &doc["stats"];
    assert_eq!(
        stats["distinct_blobs"].as_u64().expect("n"),
        stats["classified"].as_u64().expect("n") + stats["cache_hits"].as_u64().expect("n")
    );
}

#[test]
fn prerelease_tags_on_request() {
    let (r, _) = kernel_history();
    let doc = history(&r.path(), &["--tags", "v2*", "--include-prerelease"]);
    assert_eq!(names(&doc), ["v2.0-rc1", "v2.0"]);
    let out = run(
        &r.path(),
        &["history", ".", "--tags", "v2.0-*", "--no-cache"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--include-prerelease"), "{err}");
}

/// `scan --format json` of a checkout of `commit`, in a worktree.
fn scan_checkout(r: &Repo, commit: &str, extra: &[&str]) -> Value {
    let wt = r.sibling(&format!("wt-{}", &commit[..8]));
    if !wt.exists() {
        r.git(&[
            "worktree",
            "add",
            "-q",
            "--detach",
            wt.to_str().expect("utf-8"),
            commit,
        ]);
    }
    let mut args = vec!["scan", ".", "--format", "json"];
    args.extend_from_slice(extra);
    json(&wt, &args)
}

#[test]
fn every_revision_equals_a_scan_of_its_checkout() {
    let (r, _) = kernel_history();
    for grouping in [
        &["--by", "language"][..],
        &["--by", "subsystem"],
        &["--by", "dir:2"],
        &["--by", "file"],
        &[
            "--exclude-generated",
            "--exclude-vendored",
            "--sort",
            "name",
        ],
        &["--header-lang", "cpp", "--lang", "c++-header,rust"],
    ] {
        let mut args = vec!["--tags", "*", "--include-prerelease"];
        args.extend_from_slice(grouping);
        let doc = history(&r.path(), &args);
        let revs = doc["revisions"].as_array().expect("revisions");
        assert_eq!(revs.len(), 4);
        for h in revs {
            let commit = h["commit"].as_str().expect("commit");
            let s = scan_checkout(&r, commit, grouping);
            let name = &h["name"];
            assert_eq!(h["rows"], s["rows"], "{name} {grouping:?}");
            assert_eq!(h["total"], s["total"], "{name} {grouping:?}");
            assert_eq!(h["summary"], s["summary"], "{name} {grouping:?}");
            assert_eq!(h["owners_file"], s["owners_file"], "{name} {grouping:?}");
        }
    }
}

#[test]
fn subsystems_come_from_each_revisions_maintainers() {
    let (r, _) = kernel_history();
    let doc = history(&r.path(), &["--tags", "v1.*", "--by", "subsystem"]);
    let v10 = rev(&doc, "v1.0");
    assert_eq!(v10["owners_file"], "MAINTAINERS");
    assert!(row(v10, Some("NET CORE"), "C").is_none());
    assert_eq!(
        nums(row(v10, Some("NET DRIVERS"), "C").expect("net")),
        (1, 3, 1, 1, 1)
    );
    let v11 = rev(&doc, "v1.1");
    assert_eq!(
        nums(row(v11, Some("NET CORE"), "C").expect("core")),
        (1, 3, 1, 1, 1)
    );
    assert!(row(v11, Some("NET DRIVERS"), "C").is_none());
    assert_eq!(
        nums(row(v11, Some("RUST SUPPORT"), "Rust").expect("rust")),
        (2, 7, 5, 1, 1)
    );
}

#[test]
fn delta_is_the_change_from_the_previous_revision() {
    let (r, _) = kernel_history();
    let out = run(
        &r.path(),
        &[
            "history",
            ".",
            "--tags",
            "v*",
            "--lang",
            "rust,c-header",
            "--delta",
            "--format",
            "csv",
            "--no-cache",
        ],
    );
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].ends_with("delta_files,delta_lines,delta_code,delta_comments,delta_blanks"));
    let pick = |rev: &str, lang: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("{rev},")) && l.contains(&format!(",{lang},")))
            .unwrap_or_else(|| panic!("{rev} {lang} in {csv}"))
            .rsplitn(6, ',')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .skip(1)
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(pick("v1.0", "Rust"), ",,,,");
    // v1.1: net.rs added (3 lines, code 2, blank 1).
    assert_eq!(pick("v1.1", "Rust"), "1,3,2,0,1");
    // The header went away: a zero row with a negative change.
    assert_eq!(pick("v1.1", "C Header"), "-1,-4,-3,-1,0");
    assert_eq!(pick("v2.0", "Rust"), "0,2,1,0,1");
}

#[test]
fn revs_range_since_and_every() {
    let (r, commits) = kernel_history();
    let doc = history(&r.path(), &["--revs", "v1.1,HEAD~1,v1.0"]);
    assert_eq!(names(&doc), ["v1.1", "HEAD~1", "v1.0"]);
    assert_eq!(rev(&doc, "HEAD~1")["commit"], commits[2].as_str());

    let doc = history(&r.path(), &["--range", "v1.0..HEAD"]);
    let got = strings(&doc["revisions"], "commit");
    assert_eq!(got, &commits[1..]);

    // Commits on days 0..=4; since day 2 keeps three, every 2 days two of them.
    let since = (T0 + 2 * DAY).to_string();
    let doc = history(&r.path(), &["--since", &since]);
    assert_eq!(doc["revisions"].as_array().expect("revs").len(), 3);
    let doc = history(&r.path(), &["--since", &since, "--every", "2d"]);
    let got = strings(&doc["revisions"], "commit");
    assert_eq!(got, [commits[1].as_str(), commits[3].as_str()]);
}

#[test]
fn default_is_every_release_tag() {
    let (r, _) = kernel_history();
    let doc = history(&r.path(), &[]);
    assert_eq!(names(&doc), ["v1.0", "v1.1", "v2.0"]);
}

#[test]
fn cache_makes_the_second_run_read_nothing() {
    let (r, _) = kernel_history();
    let cache = r.sibling("c.sqlite");
    let cache = cache.to_str().expect("utf-8");
    let args = [
        "history", ".", "--tags", "v*", "--format", "json", "--cache", cache,
    ];
    let cold = json(&r.path(), &args);
    let warm = json(&r.path(), &args);
    let n = cold["stats"]["distinct_blobs"].as_u64().expect("n");
    assert!(n > 5);
    assert_eq!(cold["stats"]["classified"].as_u64(), Some(n));
    assert_eq!(cold["stats"]["revisions_from_cache"], 0);
    // The rerun finds every revision whole: no tree listed, no blob looked up.
    assert_eq!(warm["stats"]["revisions_from_cache"], 3);
    assert_eq!(warm["stats"]["distinct_blobs"], 0);
    assert_eq!(cold["revisions"], warm["revisions"]);
    // Other options are other results, but the blobs are known.
    let by_dir = json(
        &r.path(),
        &[
            "history", ".", "--tags", "v*", "--by", "dir", "--format", "json", "--cache", cache,
        ],
    );
    assert_eq!(by_dir["stats"]["revisions_from_cache"], 0);
    assert_eq!(by_dir["stats"]["cache_hits"].as_u64(), Some(n));
    assert_eq!(by_dir["stats"]["classified"], 0);
    let off = json(
        &r.path(),
        &[
            "history",
            ".",
            "--tags",
            "v*",
            "--format",
            "json",
            "--no-cache",
        ],
    );
    assert_eq!(off["stats"]["cache_hits"], 0);
    assert_eq!(off["stats"]["revisions_from_cache"], 0);
    assert_eq!(off["revisions"], cold["revisions"]);
}

#[test]
fn one_more_tag_reads_only_its_new_blobs() {
    let (r, _) = kernel_history();
    let cache = r.sibling("c.sqlite");
    let cache = cache.to_str().expect("utf-8");
    let first = json(
        &r.path(),
        &[
            "history", ".", "--tags", "v1.*", "--format", "json", "--cache", cache,
        ],
    );
    let all = json(
        &r.path(),
        &[
            "history", ".", "--tags", "v*", "--format", "json", "--cache", cache,
        ],
    );
    assert_eq!(all["stats"]["revisions_from_cache"], 2);
    // v2.0 adds lib.rs (changed), gen/table.c and vendor/z/z.c (and
    // .gitattributes, which is hidden: read for its rules, never counted).
    assert_eq!(all["stats"]["classified"], 3, "{:#}", all["stats"]);
    assert!(all["stats"]["cache_hits"].as_u64().expect("n") > 5);
    assert_eq!(first["revisions"][1], all["revisions"][1]);
    // With the submodule note kept from the saved result.
    let out = run(
        &r.path(),
        &["history", ".", "--revs", "v2.0", "--cache", cache],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 submodules (third_party/sub)"), "{err}");
}

#[test]
fn bare_repositories_work() {
    let (r, _) = kernel_history();
    let bare = r.sibling("bare.git");
    r.git(&["clone", "-q", "--bare", ".", bare.to_str().expect("utf-8")]);
    let a = history(&r.path(), &["--tags", "v*"]);
    let b = json(
        &bare,
        &[
            "history",
            ".",
            "--tags",
            "v*",
            "--format",
            "json",
            "--no-cache",
        ],
    );
    assert_eq!(a["revisions"], b["revisions"]);
}

#[test]
fn submodules_are_skipped_with_a_note() {
    let (r, _) = kernel_history();
    let out = run(&r.path(), &["history", ".", "--revs", "v2.0", "--no-cache"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("note: v2.0 has 1 submodules (third_party/sub)"),
        "{err}"
    );
}

#[test]
fn human_markdown_and_chart() {
    let (r, _) = kernel_history();
    let chart = r.sibling("chart.svg");
    let out = run(
        &r.path(),
        &[
            "history",
            ".",
            "--tags",
            "v*",
            "--no-cache",
            "--chart",
            chart.to_str().expect("utf-8"),
        ],
    );
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).expect("utf-8");
    assert!(table.starts_with("Revision  Date"), "{table}");
    assert!(table.contains("v1.1      2020-09-15"), "{table}");
    let svg = std::fs::read_to_string(&chart).expect("the chart was written");
    for name in ["v1.0", "v1.1", "v2.0", "Rust", "code lines"] {
        assert!(svg.contains(name), "{name} not in the chart");
    }
    let out = run(
        &r.path(),
        &[
            "history",
            ".",
            "--revs",
            "v1.0",
            "--format",
            "markdown",
            "--no-cache",
        ],
    );
    let md = String::from_utf8(out.stdout).expect("utf-8");
    assert!(md.starts_with("| Revision | Date | Language |"), "{md}");
}

fn fails(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("ferrometer: error: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn bad_input_gets_one_line_and_exit_2() {
    let (r, commits) = kernel_history();
    let plain = tempfile::tempdir().expect("tempdir");
    let err = fails(plain.path(), &["history", ".", "--no-cache"]);
    assert!(err.contains("not a git repository"), "{err}");
    let err = fails(&r.path(), &["history", "/no/such/dir", "--no-cache"]);
    assert!(err.contains("/no/such/dir"), "{err}");
    let err = fails(&r.path(), &["history", ".", "--revs", "v9.9", "--no-cache"]);
    assert!(err.contains("v9.9"), "{err}");
    let err = fails(&r.path(), &["history", ".", "--tags", "x*", "--no-cache"]);
    assert!(err.contains("no tag matches x*"), "{err}");
    let err = fails(
        &r.path(),
        &["history", ".", "--range", "v1.0", "--no-cache"],
    );
    assert!(err.contains("A..B"), "{err}");
    let err = fails(
        &r.path(),
        &[
            "history",
            ".",
            "--since",
            "2021-01-01",
            "--until",
            "2020-01-01",
            "--no-cache",
        ],
    );
    assert!(err.contains("--since"), "{err}");

    // A shallow clone has the newest commit only.
    let shallow = r.sibling("shallow");
    let url = format!("file://{}", r.path().display());
    r.git(&[
        "clone",
        "-q",
        "--depth",
        "1",
        &url,
        shallow.to_str().expect("utf-8"),
    ]);
    let ok = json(
        &shallow,
        &[
            "history",
            ".",
            "--revs",
            "HEAD",
            "--format",
            "json",
            "--no-cache",
        ],
    );
    assert_eq!(ok["revisions"][0]["commit"], commits[3].as_str());
    let err = fails(
        &shallow,
        &["history", ".", "--revs", &commits[0], "--no-cache"],
    );
    assert!(err.contains("shallow"), "{err}");
}
