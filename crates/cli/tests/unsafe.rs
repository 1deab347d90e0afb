//! End-to-end tests of `ferrometer unsafe` on fixture trees written here.

mod util;

use util::{json, run, Tree};

/// A kernel-like tree: MAINTAINERS, a `rust/kernel` crate and a driver.
/// Expected numbers are worked out by hand from these texts.
fn kernel_tree() -> Tree {
    let t = Tree::new();
    t.file(".git/HEAD", "ref: refs/heads/main\n")
        .file(
            "MAINTAINERS",
            "Fixture list.\n\nRUST CORE\nM:\tAda <ada@example.org>\nS:\tSupported\nF:\trust/\n\n\
             WIDGET DRIVER [RUST]\nM:\tBo <bo@example.org>\nS:\tMaintained\nF:\tdrivers/widget/\n",
        )
        // Code lines: 1 use, 4 for `alloc`, 4 for `free`, 2 for the struct and impl = 11.
        // Unsafe lines: the block in alloc (1) and the one in free (1) = 2.
        .file(
            "rust/kernel/mem.rs",
            "use crate::bindings;\n\
             \n\
             pub fn alloc(n: usize) -> *mut u8 {\n\
             \x20   // SAFETY: kmalloc takes any size.\n\
             \x20   let p = unsafe { bindings::kmalloc(n, bindings::GFP_KERNEL) };\n\
             \x20   p.cast()\n\
             }\n\
             \n\
             pub fn free(p: *mut u8) {\n\
             \x20   unsafe { bindings::kfree(p.cast()) };\n\
             \x20   // INVARIANT: p is gone.\n\
             \x20   drop(p);\n\
             }\n\
             \n\
             pub struct Token;\n\
             // SAFETY: Token holds nothing.\n\
             unsafe impl Send for Token {}\n",
        )
        // Code lines: 5. Unsafe lines: 3 (the multi-line block).
        .file(
            "drivers/widget/widget.rs",
            "/// Resets.\n\
             pub unsafe fn reset(p: *mut u32) {\n\
             \x20   unsafe {\n\
             \x20       bindings::widget_reset(p)\n\
             \x20   }\n\
             }\n",
        )
        .file(
            "drivers/widget/widget.c",
            "int widget_reset(void *p) { return 0; }\n",
        );
    t
}

fn row<'a>(doc: &'a serde_json::Value, group: &str) -> &'a serde_json::Value {
    doc["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["group"] == group)
        .unwrap_or_else(|| panic!("no row {group} in {doc:#}"))
}

#[test]
fn summary_per_subsystem() {
    let t = kernel_tree();
    let doc = json(t.path(), &["unsafe", ".", "--format", "json"]);
    assert_eq!(doc["command"], "unsafe");
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["group_by"], "subsystem");
    let core = row(&doc, "RUST CORE");
    let n = |r: &serde_json::Value, k: &str| r[k].as_u64().unwrap_or_else(|| panic!("{k} in {r}"));
    assert_eq!(n(core, "files"), 1);
    assert_eq!(n(core, "code"), 11);
    assert_eq!(n(core, "unsafe_code"), 2);
    assert_eq!(n(core, "blocks"), 2);
    assert_eq!(n(core, "impls"), 1);
    assert_eq!(n(core, "needs_doc"), 3);
    assert_eq!(n(core, "documented"), 2);
    assert_eq!(n(core, "undocumented"), 1);
    assert_eq!(n(core, "ffi_calls"), 2);
    assert_eq!(n(core, "safety_comments"), 2);
    assert_eq!(n(core, "invariant_comments"), 1);
    let drv = row(&doc, "WIDGET DRIVER [RUST]");
    assert_eq!(n(drv, "code"), 5);
    assert_eq!(n(drv, "unsafe_code"), 3);
    assert_eq!(n(drv, "fns"), 1);
    // A public unsafe fn without `# Safety`, and a block without SAFETY.
    assert_eq!(n(drv, "undocumented"), 2);
    let total = &doc["total"];
    assert_eq!(n(total, "files"), 2);
    assert_eq!(n(total, "unsafe_code"), 5);
    assert_eq!(n(total, "undocumented"), 3);
    // Rows: most unsafe lines first.
    assert_eq!(doc["rows"][0]["group"], "WIDGET DRIVER [RUST]");
}

#[test]
fn undocumented_list_and_gate() {
    let t = kernel_tree();
    let out = run(
        t.path(),
        &["unsafe", ".", "--undocumented", "--format", "csv"],
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "path,line,column,kind,documentation,allowed,in_macro,rule,group"
    );
    assert_eq!(
        &lines[1..],
        [
            "drivers/widget/widget.rs,2,5,fn,undocumented,false,false,missing-safety-doc,WIDGET DRIVER [RUST]",
            "drivers/widget/widget.rs,3,5,block,undocumented,false,false,undocumented-unsafe-block,WIDGET DRIVER [RUST]",
            "rust/kernel/mem.rs,10,5,block,undocumented,false,false,undocumented-unsafe-block,RUST CORE",
        ]
    );

    let gate = run(t.path(), &["unsafe", ".", "--deny", "undocumented"]);
    assert_eq!(gate.status.code(), Some(1));
    let err = String::from_utf8_lossy(&gate.stderr);
    assert!(err.contains("3 undocumented unsafe sites"), "{err}");

    let share = run(t.path(), &["unsafe", ".", "--max-unsafe-share", "10"]);
    assert_eq!(
        share.status.code(),
        Some(1),
        "5 of 16 code lines is over 10%"
    );
    assert!(String::from_utf8_lossy(&share.stderr).contains("31.25%"));
    let ok = run(t.path(), &["unsafe", ".", "--max-unsafe-share", "40"]);
    assert_eq!(ok.status.code(), Some(0));

    // Documented everywhere: the gate passes.
    let clean = Tree::new();
    clean.file(
        "Cargo.toml",
        "[package]\nname = \"clean\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    clean.file(
        "src/lib.rs",
        "pub fn f(p: &u8) -> u8 {\n    // SAFETY: p is a reference.\n    unsafe { std::ptr::read(p) }\n}\n",
    );
    assert_eq!(
        run(clean.path(), &["unsafe", ".", "--deny", "undocumented"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn ffi_functions() {
    let t = kernel_tree();
    let doc = json(t.path(), &["unsafe", ".", "--ffi", "--format", "json"]);
    let ffi: Vec<String> = doc["ffi"]
        .as_array()
        .expect("ffi")
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}:{}",
                f["callee"], f["via"], f["calls"], f["files"][0]["path"]
            )
        })
        .collect();
    assert_eq!(
        ffi,
        [
            r#""kfree":"bindings":1:"rust/kernel/mem.rs""#,
            r#""kmalloc":"bindings":1:"rust/kernel/mem.rs""#,
            r#""widget_reset":"bindings":1:"drivers/widget/widget.rs""#,
        ]
    );

    // Outside the kernel: functions declared in an extern block of the same
    // crate, and libc; a same-named function of another crate is not FFI.
    let c = Tree::new();
    c.file("a/Cargo.toml", "[package]\nname = \"a\"\n")
        .file(
            "a/src/lib.rs",
            "extern \"C\" {\n    fn sq(x: i32) -> i32;\n}\npub fn f() -> i32 {\n    // SAFETY: pure.\n    unsafe { sq(2) + sq(3) + libc::abs(-1) }\n}\n",
        )
        .file("b/Cargo.toml", "[package]\nname = \"b\"\n")
        .file(
            "b/src/lib.rs",
            "unsafe fn sq(x: i32) -> i32 { x * x }\npub fn g() -> i32 {\n    // SAFETY: fine.\n    unsafe { sq(4) }\n}\n",
        );
    let doc = json(
        c.path(),
        &["unsafe", ".", "--ffi", "--format", "json", "--by", "crate"],
    );
    let ffi: Vec<String> = doc["ffi"]
        .as_array()
        .expect("ffi")
        .iter()
        .map(|f| format!("{}:{}:{}", f["callee"], f["via"], f["calls"]))
        .collect();
    assert_eq!(ffi, [r#""sq":"extern":2"#, r#""abs":"libc":1"#]);
    let summary = json(
        c.path(),
        &["unsafe", ".", "--format", "json", "--by", "crate"],
    );
    assert_eq!(row(&summary, "a")["ffi_calls"], 3);
    assert_eq!(row(&summary, "b")["ffi_calls"], 0);
}

#[test]
fn sarif_output() {
    let t = kernel_tree();
    let out = run(t.path(), &["unsafe", ".", "--format", "sarif"]);
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["version"], "2.1.0");
    let results = doc["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 3);
    assert_eq!(doc["runs"][0]["tool"]["driver"]["name"], "ferrometer");
}

#[test]
fn groupings_agree_on_totals() {
    let t = kernel_tree();
    let mut totals = Vec::new();
    for by in ["subsystem", "dir:2", "crate", "file"] {
        let doc = json(t.path(), &["unsafe", ".", "--format", "json", "--by", by]);
        let rows = doc["rows"].as_array().expect("rows");
        let sum: u64 = rows
            .iter()
            .map(|r| r["unsafe_code"].as_u64().unwrap_or(0))
            .sum();
        assert_eq!(
            sum,
            doc["total"]["unsafe_code"].as_u64().unwrap_or(0),
            "{by}"
        );
        totals.push(doc["total"].clone());
    }
    assert!(totals
        .windows(2)
        .all(|w| w[0]["undocumented"] == w[1]["undocumented"]));
    let doc = json(
        t.path(),
        &["unsafe", ".", "--format", "json", "--by", "crate"],
    );
    let groups: Vec<&str> = doc["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["group"].as_str())
        .collect();
    assert_eq!(groups, ["drivers/widget", "rust/kernel"]);
}

#[test]
fn bad_input() {
    let t = kernel_tree();
    // A file that does not parse is reported and the rest is counted.
    t.file("rust/kernel/broken.rs", "pub fn f( {\n    unsafe { g() }\n");
    // Non-UTF-8 bytes in a comment and a binary file named .rs.
    t.file(
        "rust/kernel/latin1.rs",
        b"// caf\xe9\nfn f() { unsafe { g() } }\n".as_slice(),
    );
    t.file("rust/kernel/blob.rs", b"\0\x01\x02unsafe".as_slice());
    let out = run(t.path(), &["unsafe", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.rs: could not parse all of it"),
        "{err}"
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["total"]["parse_errors"], 1);
    assert_eq!(
        doc["total"]["files"], 4,
        "the binary file is not Rust source"
    );
    assert_eq!(doc["total"]["blocks"], 5);

    let missing = run(t.path(), &["unsafe", "no/such/dir"]);
    assert_eq!(missing.status.code(), Some(2));
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(
        err.contains("no/such/dir") && err.lines().count() == 1,
        "{err}"
    );

    let bad = run(t.path(), &["unsafe", ".", "--by", "language"]);
    assert_eq!(bad.status.code(), Some(2));
    let bad = run(t.path(), &["unsafe", ".", "--max-unsafe-share", "150"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn human_table_and_markdown() {
    let t = kernel_tree();
    let out = run(t.path(), &["unsafe", "."]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let first = text.lines().next().expect("a header");
    assert!(
        first.starts_with("Subsystem") && first.contains("Documented"),
        "{text}"
    );
    assert!(text.contains("Total"), "{text}");
    assert!(text.contains("2 Rust files"), "{text}");
    let md = run(
        t.path(),
        &["unsafe", ".", "--format", "markdown", "--sites"],
    );
    let md = String::from_utf8(md.stdout).expect("utf-8");
    assert!(
        md.starts_with("| Location | Kind | Documentation | Subsystem |"),
        "{md}"
    );
    assert_eq!(md.lines().count(), 2 + 5, "{md}");
}
