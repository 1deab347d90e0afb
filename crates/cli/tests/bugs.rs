//! End-to-end tests of `ferrometer bugs` on a git repository built here
//! (invented messages in the kernel's style, a `Fixes:` chain, a rename,
//! two years) and on advisory files written here in both formats.

mod util;

use serde_json::Value;
use util::{json, run, strings, Repo, DAY};

/// 2020-06-01T00:00:00Z.
const Y2020: i64 = 1_590_969_600;
/// 2021-03-01T00:00:00Z.
const Y2021: i64 = 1_614_556_800;

const MAINTAINERS: &str = "List of maintainers (a fixture).\n\n\
    NET DRIVERS\nM:\tAl Example <al@example.org>\nS:\tMaintained\nF:\tdrivers/net/\n\n\
    RUST SUPPORT\nM:\tBea Example <bea@example.org>\nS:\tSupported\nF:\trust/\n";

struct Fixture {
    repo: Repo,
    base: String,
    hook: String,
    uaf: String,
    oob: String,
    leak: String,
    null: String,
    crash: String,
}

/// Eight commits: 2020 (base, hook, UAF fix, docs), 2021 (OOB fix in C and
/// Rust, leak fix, NULL fix with a rename, a crash fixed in C whose Fixes:
/// tag names nothing here).
fn fixture() -> Fixture {
    let mut r = Repo::new();
    r.write("MAINTAINERS", MAINTAINERS)
        .write(
            "drivers/net/frob.c",
            "int frob_open(void)\n{\n\treturn 0;\n}\n",
        )
        .write("drivers/net/frob.h", "int frob_open(void);\n")
        .write("rust/kernel/parse.rs", "pub fn parse() -> u8 {\n    0\n}\n")
        .write("README.md", "# frob\n");
    let base = r.commit_at("frob: add the frob driver", Y2020);
    r.write(
        "drivers/net/frob.c",
        "int frob_open(void)\n{\n\treturn 0;\n}\n\nvoid frob_close(void)\n{\n}\n",
    );
    let hook = r.commit_at("frob: add a close hook", Y2020 + DAY);
    r.write(
        "drivers/net/frob.c",
        "int frob_open(void)\n{\n\treturn 0;\n}\n\nvoid frob_close(void)\n{\n\t/* freed last */\n}\n",
    );
    let uaf = r.commit_at(
        &format!(
            "frob: fix use-after-free in frob_close()\n\n\
             BUG: KASAN: slab-use-after-free in frob_close+0x10/0x40\n\n\
             Fixes: {} (\"frob: add a close hook\")\n\
             Reported-by: syzbot+00aa11bb22cc33dd@syzkaller.appspotmail.com\n",
            &hook[..12]
        ),
        Y2020 + 11 * DAY,
    );
    r.write("README.md", "# frob\n\nA driver.\n");
    r.commit_at("docs: fix a typo in the README", Y2020 + 12 * DAY);
    r.write(
        "rust/kernel/parse.rs",
        "pub fn parse(b: &[u8]) -> u8 {\n    b[0]\n}\n",
    )
    .write(
        "drivers/net/frob.h",
        "int frob_open(void);\nvoid frob_close(void);\n",
    );
    let oob = r.commit_at(
        "rust: frob: fix out-of-bounds read in the header parser\n\n\
         The C side passed a buffer one byte short.\n",
        Y2021,
    );
    r.write(
        "drivers/net/frob.c",
        "int frob_open(void)\n{\n\treturn 1;\n}\n\nvoid frob_close(void)\n{\n\t/* freed last */\n}\n",
    );
    let leak = r.commit_at(
        "frob: plug a memory leak in frob_open()\n\nCc: stable@vger.kernel.org\n",
        Y2021 + DAY,
    );
    r.git(&["mv", "drivers/net/frob.c", "drivers/net/frob_main.c"]);
    r.write(
        "drivers/net/frob_main.c",
        "int frob_open(void)\n{\n\treturn 1;\n}\n\nvoid frob_close(void)\n{\n\t/* freed last */\n\t/* checked */\n}\n",
    );
    let null = r.commit_at(
        "frob: fix NULL pointer dereference in frob_open()\n\n\
         BUG: kernel NULL pointer dereference, address: 0000000000000008\n",
        Y2021 + 2 * DAY,
    );
    r.write(
        "drivers/net/frob.h",
        "int frob_open(void);\nvoid frob_close(void);\n\n",
    );
    let crash = r.commit_at(
        "frob: fix a crash on unload\n\nFixes: 0123456789ab (\"frob: something long gone\")\n",
        Y2021 + 3 * DAY,
    );
    Fixture {
        repo: r,
        base,
        hook,
        uaf,
        oob,
        leak,
        null,
        crash,
    }
}

fn bugs(f: &Fixture, args: &[&str]) -> Value {
    let path = f.repo.path();
    let path = path.to_str().expect("utf-8 temp path");
    let mut all = vec!["-q", "bugs", path, "--format", "json", "--no-cache"];
    all.extend(args);
    json(f.repo.path().parent().expect("parent"), &all)
}

fn item<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id} in {doc:#}"))
}

fn row<'a>(doc: &'a Value, key: &str, value: impl Into<Value>) -> &'a Value {
    let value = value.into();
    doc["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r[key] == value)
        .unwrap_or_else(|| panic!("no row {key}={value} in {doc:#}"))
}

#[test]
fn per_year_counts_fixes_and_classes() {
    let f = fixture();
    let doc = bugs(&f, &[]);
    assert_eq!(doc["command"], "bugs");
    assert_eq!(doc["by"], "year");
    let y2020 = row(&doc, "year", 2020);
    assert_eq!(y2020["commits"], 4);
    assert_eq!(y2020["fixes"], 1, "the docs typo fix is not a fix");
    assert_eq!(y2020["memory_safety"], 1);
    assert_eq!(y2020["classes"]["use-after-free"], 1);
    let y2021 = row(&doc, "year", 2021);
    assert_eq!(y2021["commits"], 4);
    assert_eq!(y2021["fixes"], 4);
    assert_eq!(y2021["memory_safety"], 3);
    assert_eq!(y2021["classes"]["out-of-bounds"], 1);
    assert_eq!(y2021["classes"]["other-memory"], 1, "a crash in C code");
    assert_eq!(y2021["classes"]["null-deref"], 1);
    assert_eq!(y2021["classes"]["memory-leak"], 1);
    assert_eq!(y2021["memory_safety_share"], 0.75);
    assert_eq!(doc["total"]["commits"], 8);
    assert_eq!(doc["total"]["fixes"], 5);
    // --top with --by year keeps the newest years, and totals them.
    let top = bugs(&f, &["--top", "1"]);
    assert_eq!(top["rows"].as_array().expect("rows").len(), 1);
    assert_eq!(top["rows"][0]["year"], 2021);
    assert_eq!(top["total"]["commits"], 4);
    // One Fixes: tag resolves (to the hook, 10 days earlier); one names nothing here.
    let lt = doc["lifetimes"].as_array().expect("lifetimes");
    let uaf = lt
        .iter()
        .find(|l| l["by"] == "class" && l["key"] == "use-after-free")
        .expect("a use-after-free lifetime");
    assert_eq!(
        (uaf["fixes"].clone(), uaf["median_days"].clone()),
        (1.into(), 10.0.into())
    );
    assert!(lt.iter().any(|l| l["by"] == "language" && l["key"] == "C"));
    assert_eq!(lt.iter().filter(|l| l["by"] == "class").count(), 1);
}

#[test]
fn list_gives_evidence_languages_subsystems_and_lifetimes() {
    let f = fixture();
    let doc = bugs(&f, &["--list"]);
    assert_eq!(doc["items"].as_array().expect("items").len(), 5);
    let uaf = item(&doc, &f.uaf);
    assert_eq!(uaf["class"], "use-after-free");
    assert_eq!(uaf["memory_safety"], true);
    assert_eq!(uaf["languages"], serde_json::json!(["C"]));
    assert_eq!(uaf["subsystems"], serde_json::json!(["NET DRIVERS"]));
    assert_eq!(uaf["bot"], "syzbot");
    assert_eq!(uaf["lifetime"]["introduced"], f.hook.as_str());
    assert_eq!(uaf["lifetime"]["days"], 10);
    assert_eq!(uaf["lifetime"]["languages"], serde_json::json!(["C"]));
    let signals = strings(&uaf["evidence"], "signal");
    assert!(signals.contains(&"sanitizer"), "{signals:?}");
    assert!(signals.contains(&"fixes-tag"), "{signals:?}");

    // A fix touching C and Rust counts for both, and says so.
    let oob = item(&doc, &f.oob);
    assert_eq!(oob["class"], "out-of-bounds");
    assert_eq!(oob["languages"], serde_json::json!(["C", "Rust"]));
    assert_eq!(
        oob["subsystems"],
        serde_json::json!(["NET DRIVERS", "RUST SUPPORT"])
    );
    assert_eq!(oob["files"], 2);

    let leak = item(&doc, &f.leak);
    assert_eq!(leak["class"], "memory-leak");
    assert_eq!(leak["memory_safety"], false);
    assert!(leak["tags"]
        .as_array()
        .expect("tags")
        .contains(&"cc-stable".into()));

    // A rename is one file; both paths attribute it.
    let null = item(&doc, &f.null);
    assert_eq!(null["class"], "null-deref");
    assert_eq!(null["files"], 1);
    assert_eq!(null["languages"], serde_json::json!(["C"]));

    let only = bugs(&f, &["--list", "--class", "memory-safety"]);
    let ids = strings(&only["items"], "id");
    assert_eq!(
        ids,
        [
            f.crash.as_str(),
            f.null.as_str(),
            f.oob.as_str(),
            f.uaf.as_str()
        ]
    );
    let crash = item(&doc, &f.crash);
    assert_eq!(crash["class"], "other-memory");
    assert!(crash["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .any(|e| e["rule"] == "crash-in-c"));
    let leaks = bugs(&f, &["--list", "--class", "memory-leak"]);
    assert_eq!(leaks["items"].as_array().expect("items").len(), 1);
}

#[test]
fn languages_with_code_lines_at_the_end_of_each_year() {
    let f = fixture();
    let doc = bugs(&f, &["--by", "language", "--per-year"]);
    assert_eq!(doc["by"], "language");
    let rows = doc["rows"].as_array().expect("rows");
    let c = rows
        .iter()
        .find(|r| r["group"] == "C" && r.get("year").is_none())
        .expect("a C row");
    // Every fix but the docs one touches C (the last one only a header).
    assert_eq!(c["fixes"], 5);
    assert_eq!(c["memory_safety"], 4);
    // The last commit of 2020 is the docs fix, of 2021 the last commit;
    // code lines of C (sources and headers) there, measured with `history`.
    let hist = |rev: &str| -> u64 {
        let path = f.repo.path();
        let h = json(
            f.repo.path().parent().expect("parent"),
            &[
                "-q",
                "history",
                path.to_str().expect("utf-8"),
                "--revs",
                rev,
                "--no-cache",
                "--format",
                "json",
            ],
        );
        h["revisions"][0]["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .filter(|r| r["language"] == "C" || r["language"] == "C Header")
            .map(|r| r["code"].as_u64().expect("code"))
            .sum()
    };
    let end_2020 = hist("HEAD~4");
    let end_2021 = hist("HEAD");
    assert!(end_2020 > 0 && end_2021 > end_2020);
    assert_eq!(c["code_lines"], (end_2020 + end_2021) as f64);
    let rate = c["memory_safety_per_kloc"].as_f64().expect("rate");
    let want = 4.0 * 1000.0 / (end_2020 + end_2021) as f64;
    assert!((rate - want).abs() < 1e-5, "{rate} vs {want}");
    let c2021 = rows
        .iter()
        .find(|r| r["group"] == "C" && r["year"] == 2021)
        .expect("a C 2021 row");
    assert_eq!(c2021["memory_safety"], 3);
    assert_eq!(c2021["code_lines"], end_2021 as f64);

    let rust = rows
        .iter()
        .find(|r| r["group"] == "Rust" && r.get("year").is_none())
        .expect("a Rust row");
    assert_eq!(
        (rust["fixes"].clone(), rust["memory_safety"].clone()),
        (1.into(), 1.into())
    );

    let subs = bugs(&f, &["--by", "subsystem", "--top", "1", "--no-kloc"]);
    let rows = subs["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["group"], "NET DRIVERS");
    assert!(rows[0].get("code_lines").is_none());
}

#[test]
fn range_since_and_message_only() {
    let f = fixture();
    let range = format!("{}..HEAD", f.uaf);
    let doc = bugs(&f, &["--range", &range]);
    assert_eq!(doc["total"]["commits"], 5);
    assert_eq!(doc["total"]["fixes"], 4);
    assert_eq!(doc["revisions"], range.as_str());
    let doc = bugs(&f, &["--since", "2021-01-01", "--list"]);
    assert_eq!(doc["items"].as_array().expect("items").len(), 4);
    let doc = bugs(&f, &["--until", "2020-12-31", "--no-files", "--list"]);
    let items = doc["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["languages"], serde_json::json!([]));
    assert_eq!(items[0]["class"], "use-after-free");
    let _ = &f.null;
}

const OSV: &str = r#"[{
  "id": "FROB-CVE-2020-0001",
  "aliases": ["CVE-2020-99991"],
  "summary": "use-after-free in frob_close",
  "details": "A freed object was used on close.",
  "published": "2020-07-01T00:00:00Z",
  "affected": [{"ranges": [{"type": "GIT", "events": [{"introduced": "0"}, {"fixed": "FIXED"}]}]}],
  "database_specific": {"CWE": {"id": "CWE-416", "desc": "Use After Free"}}
}]"#;

/// Names a commit whose message does not read as a fix.
const OSV_QUIET: &str = r#"{
  "id": "FROB-2020-0002",
  "summary": "out-of-bounds write in frob_open",
  "published": "2020-05-01T00:00:00Z",
  "affected": [{"ranges": [{"type": "GIT", "events": [{"introduced": "0"}, {"fixed": "FIXED"}]}]}],
  "database_specific": {"cwe_ids": ["CWE-787"]}
}"#;

const CVE5: &str = r#"{
  "dataType": "CVE_RECORD",
  "cveMetadata": {"cveId": "CVE-2021-99992", "state": "PUBLISHED"},
  "containers": {"cna": {
    "descriptions": [{"lang": "en", "value": "In the Linux kernel, the following vulnerability has been resolved:\n\nrust: frob: fix out-of-bounds write in the encoder\n\nThe length was not checked."}],
    "affected": [{"programFiles": ["rust/kernel/parse.rs"], "versions": [
      {"version": "1111aaaa2222bbbb3333cccc4444dddd5555eeee", "lessThan": "9999aaaa8888bbbb7777cccc6666dddd5555eeee", "status": "affected", "versionType": "git"}
    ]}]
  }}
}"#;

const REJECTED: &str = r#"{"dataType": "CVE_RECORD", "cveMetadata": {"cveId": "CVE-2021-99993", "state": "REJECTED"}, "containers": {"cna": {"rejectedReasons": [{"lang": "en", "value": "duplicate"}]}}}"#;

fn advisories(f: &Fixture) -> util::Tree {
    let t = util::Tree::new();
    t.file("osv/frob.json", OSV.replace("FIXED", &f.uaf))
        .file("osv/quiet.json", OSV_QUIET.replace("FIXED", &f.base))
        .file("cve/2021/CVE-2021-99992.json", CVE5)
        .file("cve/2021/CVE-2021-99993.json", REJECTED)
        .file("cve/2021/broken.json", "{ not json")
        .file("cve/README", "not an advisory");
    t
}

#[test]
fn advisories_join_fix_commits_and_classify_the_rest() {
    let f = fixture();
    let adv = advisories(&f);
    let dir = adv.path().to_str().expect("utf-8").to_owned();
    let doc = bugs(&f, &["--advisories", &dir]);
    let a = &doc["advisories"];
    assert_eq!(a["files"], 5);
    assert_eq!(a["malformed"], 1);
    assert_eq!(a["published"], 3);
    assert_eq!(a["rejected"], 1);
    assert_eq!(a["in_repository"], 2);
    assert_eq!(a["total"]["fixes"], 3);
    assert_eq!(a["total"]["memory_safety"], 3);
    assert_eq!(a["total"]["classes"]["use-after-free"], 1);
    assert_eq!(a["total"]["classes"]["out-of-bounds"], 2);
    // The commit the quiet advisory names becomes a fix of its class.
    assert_eq!(doc["total"]["fixes"], 6);
    let list = bugs(&f, &["--advisories", &dir, "--list"]);
    let uaf = item(&list, &f.uaf);
    assert!(uaf["cves"]
        .as_array()
        .expect("cves")
        .contains(&"FROB-CVE-2020-0001".into()));
    let quiet = item(&list, &f.base);
    assert_eq!(quiet["class"], "out-of-bounds");
    assert_eq!(quiet["languages"], serde_json::json!(["C", "Rust"]));
    assert_eq!(quiet["cves"], serde_json::json!(["FROB-2020-0002"]));
    assert_eq!(quiet["date"], "2020-06-01");

    // A tree without history: the advisories alone, attributed by their files.
    let tree = util::Tree::new();
    tree.file("MAINTAINERS", MAINTAINERS)
        .file("rust/kernel/parse.rs", "pub fn parse() -> u8 {\n    0\n}\n");
    let root = tree.path().to_str().expect("utf-8").to_owned();
    let no_history = |args: &[&str]| {
        let mut all = vec![
            "-q",
            "bugs",
            &root,
            "--advisories",
            &dir,
            "--format",
            "json",
        ];
        all.extend(args);
        json(tree.path(), &all)
    };
    let doc = no_history(&["--list"]);
    let cve = item(&doc, "CVE-2021-99992");
    assert_eq!(cve["class"], "out-of-bounds");
    assert_eq!(cve["languages"], serde_json::json!(["Rust"]));
    assert_eq!(cve["subsystems"], serde_json::json!(["RUST SUPPORT"]));
    assert_eq!(cve["date"], "");
    let doc = no_history(&["--by", "language"]);
    assert_eq!(doc["git"], false);
    assert_eq!(doc["advisories"]["rejected"], 1);
    assert_eq!(doc["advisories"]["malformed"], 1);
    let list = no_history(&["--list"]);
    let dates = strings(&list["items"], "date");
    assert_eq!(
        dates,
        ["2020-07-01", "2020-05-01", ""],
        "newest first, undated last"
    );
    let rust = row(&doc, "group", "Rust");
    assert_eq!(rust["fixes"], 1);
    // Two years (2020, 2021) of a 2-line tree.
    assert_eq!(rust["code_lines"], 6.0);
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let f = fixture();
    let path = f.repo.path();
    let path = path.to_str().expect("utf-8");
    let cases: &[(&[&str], &str)] = &[
        (&["--range", "nope..HEAD"], "unknown revision nope"),
        (&["--range", "HEAD"], "write it as A..B"),
        (&["--by", "language", "--no-files"], "drop --no-files"),
        (&["--per-year"], "--per-year goes with"),
        (
            &["--since", "2022-01-01", "--until", "2021-01-01"],
            "later than",
        ),
        (
            &["--advisories", "/nonexistent/vulns"],
            "/nonexistent/vulns: no such file",
        ),
    ];
    for (args, msg) in cases {
        let mut all = vec!["bugs", path];
        all.extend(*args);
        let out = run(&f.repo.path(), &all);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(msg), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    }
    let t = util::Tree::new();
    t.file("a.c", "int x;\n");
    let out = run(t.path(), &["bugs", "."]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("not a git repository"), "{err}");
    let out = run(t.path(), &["bugs", ".", "--class", "use-after-free"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn every_format_renders() {
    let f = fixture();
    let path = f.repo.path();
    let path = path.to_str().expect("utf-8");
    for (args, first) in [
        (vec!["--format", "csv"], "table,year,group,commits"),
        (vec!["--format", "csv", "--list"], "id,date,class"),
        (vec!["--format", "markdown"], "| Year"),
        (vec!["--format", "markdown", "--list"], "| Date"),
        (vec!["--list"], "Date"),
        (vec![], "Year"),
    ] {
        let mut all = vec!["-q", "bugs", path, "--no-cache"];
        all.extend(&args);
        let out = run(&f.repo.path(), &all);
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.starts_with(first), "{args:?}: {text}");
    }
    let out = run(&f.repo.path(), &["-q", "bugs", path]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("8 commits (0 merges) in HEAD: 5 fixes, 4 of them memory safety (80.0%), 1 memory leaks"), "{text}");
}

#[test]
fn shallow_clone_counts_what_it_holds_and_says_so() {
    let f = fixture();
    let shallow = f.repo.sibling("shallow");
    let url = format!("file://{}", f.repo.path().display());
    util::git(
        f.repo.path().parent().expect("parent"),
        &["clone", "-q", "--depth", "2", &url, "shallow"],
        Y2021,
    );
    let path = shallow.to_str().expect("utf-8");
    let out = run(&shallow, &["bugs", path, "--format", "json", "--no-cache"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("shallow clone"), "{err}");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["total"]["commits"], 2);
    assert_eq!(doc["total"]["fixes"], 2);
}
