//! Advisory readers on small invented OSV and CVE JSON 5 records
//! (`tests/fixtures/advisories/`).

use std::path::{Path, PathBuf};

use ferrometer_bugs::advisory::{
    classify_advisory, parse_cve5, parse_osv, read_advisories, Advisory, Error, Format, State,
};
use ferrometer_bugs::classify::{Class, Signal};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/advisories")
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(name)).expect("fixture exists")
}

fn cve5(name: &str) -> Advisory {
    parse_cve5(&bytes(name)).expect("fixture parses")
}

#[test]
fn osv_array_curl_style() {
    let advs = parse_osv(&bytes("osv_array.json")).expect("fixture parses");
    assert_eq!(advs.len(), 2);
    let a = &advs[0];
    assert_eq!(a.id, "ZZLIB-CVE-2031-1001");
    assert_eq!(a.aliases, ["CVE-2031-1001"]);
    assert_eq!(a.format, Format::Osv);
    assert_eq!(a.state, State::Published);
    assert_eq!(a.published.as_deref(), Some("2031-03-04"));
    assert_eq!(a.modified.as_deref(), Some("2031-03-05"));
    assert!(a
        .description
        .starts_with("header parser heap overflow\n\nA header line"));
    assert_eq!(
        a.introduced_commits,
        ["aaaa1111bbbb2222cccc3333dddd4444eeee5555"]
    );
    assert_eq!(a.fix_commits, ["ffff6666aaaa7777bbbb8888cccc9999dddd0000"]);
    assert_eq!(a.cwes, ["CWE-122"]);
    assert_eq!(
        a.references,
        ["https://zzlib.example.org/docs/CVE-2031-1001.html"]
    );

    let v = classify_advisory(a);
    assert!(v.is_fix);
    assert_eq!(v.class, Class::OutOfBounds);
    assert_eq!(v.cves, ["CVE-2031-1001"]);
    assert!(v
        .evidence
        .iter()
        .any(|e| e.signal == Signal::Cwe && e.text == "CWE-122"));

    // `introduced: "0"` is "since the beginning", not a commit.
    let b = &advs[1];
    assert!(b.introduced_commits.is_empty());
    assert_eq!(b.fix_commits, ["1234abcd5678ef90"]);
    assert_eq!(b.published.as_deref(), Some("2031-05-06"));
    let v = classify_advisory(b);
    assert!(v.is_fix);
    assert_eq!(v.class, Class::MemoryLeak);
    assert!(!v.is_memory_safety_fix());
}

#[test]
fn osv_withdrawn_with_fix_reference() {
    let advs = parse_osv(&bytes("osv_withdrawn.json")).expect("fixture parses");
    let a = &advs[0];
    assert_eq!(a.state, State::Withdrawn);
    assert_eq!(a.cwes, ["CWE-416"]);
    // No GIT range: the FIX reference's commit is the fix.
    assert_eq!(a.fix_commits, ["0a1b2c3d4e5f60718293"]);
    let v = classify_advisory(a);
    assert!(!v.is_fix, "a withdrawn advisory is not a fix");
    assert_eq!(v.class, Class::NotMemory);
}

#[test]
fn cve5_kernel_style_published() {
    let a = cve5("cve5_published.json");
    assert_eq!(a.id, "CVE-2031-30001");
    assert_eq!(a.format, Format::Cve5);
    assert_eq!(a.state, State::Published);
    assert_eq!(a.published.as_deref(), Some("2031-02-03"));
    assert_eq!(a.files, ["net/wibble/core.c", "net/wibble/ring.c"]);
    // git versions: `version` introduced the bug, `lessThan` fixed it; semver entries are skipped.
    assert_eq!(
        a.introduced_commits,
        ["1111aaaa2222bbbb3333cccc4444dddd5555eeee"]
    );
    assert_eq!(
        a.fix_commits,
        [
            "6666ffff7777aaaa8888bbbb9999cccc0000dddd",
            "abababababababababababababababababababab"
        ]
    );
    assert!(a.cwes.is_empty());

    let v = classify_advisory(&a);
    assert!(v.is_fix);
    assert_eq!(v.class, Class::UseAfterFree);
    assert_eq!(v.cves, ["CVE-2031-30001"]);
    // The kernel preamble is stripped, so the fix's subject is the subject.
    assert!(v
        .evidence
        .iter()
        .any(|e| e.signal == Signal::SubjectWording && e.class == Some(Class::UseAfterFree)));
}

#[test]
fn cve5_rejected() {
    let a = cve5("cve5_rejected.json");
    assert_eq!(a.state, State::Rejected);
    assert!(a.description.contains("has been rejected"));
    assert_eq!(a.published, None);
    let v = classify_advisory(&a);
    assert!(!v.is_fix);
    assert_eq!(v.class, Class::NotMemory);
}

#[test]
fn cve5_cwe_wins_over_text() {
    let a = cve5("nested/deeper/cve5_cwe_adp.json");
    assert_eq!(a.state, State::Published, "state is case-insensitive");
    // The CNA's CWE; the ADP's is only a fallback.
    assert_eq!(a.cwes, ["CWE-787"]);
    assert!(
        a.description.starts_with("zzparse before 2.4"),
        "en-US counts as English"
    );
    let v = classify_advisory(&a);
    assert_eq!(
        v.class,
        Class::OutOfBounds,
        "CWE-787 beats the integer-overflow wording"
    );
}

#[test]
fn cve5_adp_cwe_fallback() {
    let json =
        br#"{"dataType":"CVE_RECORD","cveMetadata":{"cveId":"CVE-2031-1","state":"PUBLISHED"},
        "containers":{"cna":{"descriptions":[{"lang":"en","value":"a bug"}]},
        "adp":[{"problemTypes":[{"descriptions":[{"cweId":"CWE-416"}]}]}]}}"#;
    let a = parse_cve5(json).expect("valid record");
    assert_eq!(a.cwes, ["CWE-416"]);
    assert_eq!(classify_advisory(&a).class, Class::UseAfterFree);
}

#[test]
fn cve5_old_cve_id_key() {
    let a = cve5("nested/cve5_old_key.json");
    assert_eq!(a.id, "CVE-2031-30004");
    assert_eq!(a.fix_commits, ["1a1b1c1d1e1f"]);
    assert_eq!(a.introduced_commits, ["0a0b0c0d0e0f"]);
    assert_eq!(classify_advisory(&a).class, Class::DataRace);
}

#[test]
fn malformed_records_are_errors() {
    assert!(matches!(
        parse_cve5(&bytes("malformed_truncated.json")),
        Err(Error::Json(_))
    ));
    assert!(matches!(
        parse_cve5(&bytes("bad_state.json")),
        Err(Error::Shape {
            format: Format::Cve5,
            ..
        })
    ));
    assert!(matches!(parse_cve5(b"[]"), Err(Error::Shape { .. })));
    assert!(matches!(
        parse_cve5(br#"{"dataType":"OTHER","cveMetadata":{"cveId":"x","state":"PUBLISHED"}}"#),
        Err(Error::Shape { .. })
    ));
    assert!(matches!(
        parse_cve5(&bytes("osv_withdrawn.json")),
        Err(Error::Shape { .. })
    ));
    assert!(matches!(
        parse_osv(&bytes("cve5_published.json")),
        Err(Error::Shape {
            format: Format::Osv,
            ..
        })
    ));
    assert!(matches!(parse_osv(b"[1, 2]"), Err(Error::Shape { .. })));
    assert!(matches!(
        parse_osv(br#"{"id": 5}"#),
        Err(Error::Shape { .. })
    ));
    assert!(matches!(
        parse_osv(br#"{"id": "X-1", "aliases": "not a list"}"#),
        Err(Error::Shape { .. })
    ));
    assert!(matches!(parse_osv(b""), Err(Error::Json(_))));
    // Nulls where lists are expected are fine.
    let a = parse_osv(br#"{"id": "X-2", "aliases": null, "affected": null}"#)
        .expect("nulls are tolerated");
    assert_eq!(a[0].id, "X-2");
    let e = parse_cve5(&bytes("bad_state.json")).expect_err("bad state");
    assert_eq!(
        e.to_string(),
        "invalid cve5 record: unknown cveMetadata.state \"RESERVED\""
    );
}

#[test]
fn read_a_tree() {
    let (advs, stats) = read_advisories(&fixtures());
    assert_eq!(stats.files, 9);
    assert_eq!(stats.skipped_files, 1, "README.txt");
    assert_eq!(stats.parsed_files, 6);
    assert_eq!(stats.malformed_files, 2);
    assert_eq!(stats.unrecognized_files, 1);
    assert_eq!(stats.unreadable, 0);
    assert_eq!(stats.advisories, 7);
    assert_eq!(
        (stats.published, stats.rejected, stats.withdrawn),
        (5, 1, 1)
    );
    assert_eq!((stats.osv, stats.cve5), (3, 4));
    let ids: Vec<&str> = advs.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "CVE-2031-30001",
            "CVE-2031-30002",
            "CVE-2031-30004",
            "CVE-2031-30003",
            "ZZLIB-CVE-2031-1001",
            "ZZLIB-CVE-2031-1002",
            "GHSA-zzzz-yyyy-xxxx"
        ],
        "path order, records of a file in file order"
    );
    let problems: Vec<(String, &str)> = stats
        .samples
        .iter()
        .map(|d| {
            (
                Path::new(&d.subject)
                    .file_name()
                    .expect("a file")
                    .to_string_lossy()
                    .into_owned(),
                d.message.as_str(),
            )
        })
        .collect();
    assert_eq!(problems.len(), 3);
    assert_eq!(problems[0].0, "bad_state.json");
    assert!(
        problems[0].1.contains("unknown cveMetadata.state"),
        "{}",
        problems[0].1
    );
    assert_eq!(problems[1].0, "malformed_truncated.json");
    assert!(
        problems[1].1.starts_with("not valid JSON: "),
        "{}",
        problems[1].1
    );
    assert_eq!(
        problems[2],
        (
            "schema.json".to_string(),
            "neither an OSV nor a CVE JSON 5 record"
        )
    );
}

#[test]
fn read_one_file_and_a_missing_path() {
    let (advs, stats) = read_advisories(&fixtures().join("osv_array.json"));
    assert_eq!((advs.len(), stats.files, stats.parsed_files), (2, 1, 1));

    let (advs, stats) = read_advisories(&fixtures().join("no-such-dir"));
    assert!(advs.is_empty());
    assert_eq!(stats.unreadable, 1);
    assert_eq!(stats.samples.len(), 1);
}

#[test]
fn many_malformed_files_keep_a_bounded_sample() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..30 {
        std::fs::write(dir.path().join(format!("bad{i:02}.json")), b"{ nope").expect("write");
    }
    std::fs::write(dir.path().join("good.json"), bytes("cve5_published.json")).expect("write");
    let (advs, stats) = read_advisories(dir.path());
    assert_eq!(advs.len(), 1);
    assert_eq!(stats.malformed_files, 30);
    assert_eq!(stats.samples.len(), ferrometer_bugs::advisory::MAX_SAMPLES);
    assert!(stats.samples[0].subject.ends_with("bad00.json"));
}
