//! The SARIF output validates against the official SARIF 2.1.0 JSON schema
//! (the copy the serde-sarif crate ships, found through `cargo metadata`)
//! and reads back as serde-sarif's typed model.

use ferrometer_model::unsafety::{
    Doc, FfiFunction, Site, SiteAt, SiteKind, UnsafeRow, UnsafeStats,
};
use ferrometer_report::unsafety::{sarif, UnsafeMeta, UnsafeReport};

fn site(path: &str, line: u32, kind: SiteKind, doc: Doc, allowed: bool) -> SiteAt {
    SiteAt {
        path: path.into(),
        group: "g".into(),
        site: Site {
            line,
            column: 5,
            kind,
            doc,
            in_macro: false,
            allowed,
        },
    }
}

fn schema_path() -> std::path::PathBuf {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata is JSON");
    let manifest = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("serde-sarif is a dev-dependency");
    std::path::Path::new(manifest)
        .with_file_name("src")
        .join("schema.json")
}

#[test]
fn sarif_validates_against_the_schema() {
    let sites = vec![
        site(
            "rust/kernel/a b.rs",
            10,
            SiteKind::Block,
            Doc::Undocumented,
            false,
        ),
        site(
            "rust/kernel/a b.rs",
            12,
            SiteKind::Block,
            Doc::Documented,
            false,
        ),
        site("src/lib.rs", 3, SiteKind::Impl, Doc::Undocumented, false),
        site("src/lib.rs", 7, SiteKind::Fn, Doc::Undocumented, false),
        site("src/lib.rs", 9, SiteKind::Block, Doc::Undocumented, true),
        site(
            "src/lib.rs",
            11,
            SiteKind::ExternBlock,
            Doc::NotRequired,
            false,
        ),
    ];
    let total = UnsafeStats::default();
    let rows: Vec<UnsafeRow> = Vec::new();
    let ffi: Vec<FfiFunction> = Vec::new();
    let report = UnsafeReport {
        rows: &rows,
        total: &total,
        sites: &sites,
        ffi: &ffi,
        bytes: 0,
        excluded_files: 0,
    };
    let meta = UnsafeMeta {
        root: "/src/linux",
        path: "/src/linux",
        group_by: "subsystem",
        group_title: "Subsystem",
        owners_file: None,
    };
    let mut out = Vec::new();
    sarif(&report, &meta, &mut out).expect("writes");
    let doc: serde_json::Value = serde_json::from_slice(&out).expect("SARIF is JSON");

    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(schema_path()).expect("schema file"))
            .expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let typed: serde_sarif::sarif::Sarif =
        serde_json::from_slice(&out).expect("reads as serde-sarif's model");
    assert_eq!(typed.runs.len(), 1);

    // One result per undocumented site that no allow covers; rules by kind.
    let results = doc["runs"][0]["results"].as_array().expect("results");
    let got: Vec<(String, String, u64)> = results
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            (
                r["ruleId"].as_str().unwrap_or_default().to_string(),
                loc["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                loc["region"]["startLine"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "undocumented-unsafe-block".into(),
                "rust/kernel/a%20b.rs".into(),
                10
            ),
            ("undocumented-unsafe-impl".into(), "src/lib.rs".into(), 3),
            ("missing-safety-doc".into(), "src/lib.rs".into(), 7),
        ]
    );

    // A broken document fails the same validation: the check can fail.
    let mut broken = doc.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!validator.is_valid(&broken));
}
