//! Table-driven tests: snippets written for these tests, each with the sites
//! it must yield as `line:kind:doc` (`D` documented, `U` undocumented, `-`
//! not required; `!` after it when an `allow` covers it, `m` when inside a
//! `macro_rules!` body).

use ferrometer_audit::Auditor;
use ferrometer_model::unsafety::Doc;

fn sites(src: &str) -> Vec<String> {
    let audit = Auditor::new().audit(src.as_bytes());
    audit
        .sites
        .iter()
        .map(|s| {
            let doc = match s.doc {
                Doc::Documented => "D",
                Doc::Undocumented => "U",
                Doc::NotRequired => "-",
            };
            let mut t = format!("{}:{}:{doc}", s.line, s.kind.name());
            if s.allowed {
                t.push('!');
            }
            if s.in_macro {
                t.push('m');
            }
            t
        })
        .collect()
}

#[test]
fn blocks_and_comment_positions() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "plain comment above",
            "fn f() {\n    // SAFETY: p is valid.\n    unsafe { g() }\n}\n",
            &["3:block:D"],
        ),
        ("no comment", "fn f() {\n    unsafe { g() }\n}\n", &["2:block:U"]),
        (
            "comment after the block",
            "fn f() {\n    unsafe { g() } // SAFETY: no\n}\n",
            &["2:block:U"],
        ),
        (
            "comment opening the block",
            "fn f() {\n    unsafe {\n        // SAFETY: first thing inside\n        g()\n    }\n}\n",
            &["2:block:D"],
        ),
        (
            "comment inside the block, after code",
            "fn f() {\n    unsafe {\n        g();\n        // SAFETY: too late\n        h()\n    }\n}\n",
            &["2:block:U"],
        ),
        (
            "inline block comment before, same line",
            "fn f() {\n    /* SAFETY: same line */ unsafe { g() }\n}\n",
            &["2:block:U"],
        ),
        (
            "comment above the let of a multi-line statement",
            "fn f() {\n    // SAFETY: fine.\n    let x =\n        unsafe { g() };\n}\n",
            &["4:block:D"],
        ),
        (
            "comment above a call whose argument is unsafe",
            "fn f() {\n    // SAFETY: fine.\n    h(\n        1,\n        unsafe { g() },\n    );\n}\n",
            &["5:block:D"],
        ),
        (
            "attribute between comment and statement",
            "fn f() {\n    // SAFETY: fine.\n    #[allow(unused)]\n    let x = unsafe { g() };\n}\n",
            &["4:block:D"],
        ),
        (
            "attribute between comment and block statement (the kernel's #[cfg] style)",
            "fn f() {\n    // SAFETY: fine.\n    #[cfg(x)]\n    unsafe { g() };\n}\n",
            &["4:block:D"],
        ),
        (
            "attribute with a trailing comment is not passed over",
            "fn f() {\n    // SAFETY: fine.\n    #[allow(unused)] // why\n    let y = unsafe { g() };\n}\n",
            &["4:block:U"],
        ),
        (
            "comment opening the block, SAFETY later in it",
            "fn f() {\n    unsafe {\n        // Note first.\n        //\n        // SAFETY: later.\n        g()\n    }\n}\n",
            &["2:block:U"],
        ),
        (
            "attribute on an if-let statement",
            "fn f() {\n    // SAFETY: fine.\n    #[cfg(x)]\n    if let Some(b) = unsafe { g() } {\n    }\n}\n",
            &["4:block:D"],
        ),
        (
            "attribute and a non-SAFETY comment between",
            "fn f() {\n    // SAFETY: fine.\n    x();\n    #[cfg(x)]\n    unsafe { g() };\n}\n",
            &["5:block:U"],
        ),
        (
            "closure",
            "fn f() {\n    let c = || {\n        // SAFETY: fine.\n        unsafe { g() }\n    };\n    let d = || unsafe { g() };\n}\n",
            &["4:block:D", "6:block:U"],
        ),
        (
            "closure under a commented let",
            "fn f() {\n    // SAFETY: fine.\n    let d = move ||\n        unsafe { g() };\n}\n",
            &["4:block:D"],
        ),
        (
            "const item with the comment above it",
            "const A: u32 = 1;\n// SAFETY: fine.\nconst B: u32 =\n    unsafe { g() };\n",
            &["4:block:D"],
        ),
        (
            "static item without comment",
            "const A: u32 = 1;\nstatic B: u32 = unsafe { g() };\n",
            &["2:block:U"],
        ),
        (
            "nested unsafe: each block asks for its own comment",
            "fn f() {\n    // SAFETY: outer.\n    unsafe {\n        unsafe { g() }\n    }\n}\n",
            &["3:block:D", "4:block:U"],
        ),
        (
            "comment above the fn is not for the block",
            "// SAFETY: not here\nfn f() { unsafe { g() } }\n",
            &["2:block:U"],
        ),
        (
            "if condition: the if is not a statement clippy climbs to",
            "fn f() {\n    // SAFETY: fine.\n    if x\n        && unsafe { g() }\n    {\n    }\n}\n",
            &["4:block:U"],
        ),
        (
            "let with an if: the let is",
            "fn f() {\n    // SAFETY: fine.\n    let y = if x {\n        1\n    } else if unsafe { g() } {\n        2\n    } else {\n        3\n    };\n}\n",
            &["5:block:D"],
        ),
        (
            "match arm",
            "fn f() {\n    match x {\n        // SAFETY: fine.\n        1 => unsafe { g() },\n        _ => unsafe { g() },\n    }\n}\n",
            &["4:block:D", "5:block:U"],
        ),
        (
            "block comment over lines",
            "fn f() {\n    /*\n     * SAFETY: fine.\n     */\n    unsafe { g() }\n}\n",
            &["5:block:D"],
        ),
        (
            "lower-case safety",
            "fn f() {\n    // safety: fine.\n    unsafe { g() }\n}\n",
            &["3:block:D"],
        ),
        (
            "comment in a macro call's arguments",
            "fn f() {\n    v.push(vec![\n        // SAFETY: fine.\n        unsafe { g() },\n        unsafe { g() },\n    ]);\n}\n",
            &["4:block:D", "5:block:U"],
        ),
        (
            "macro argument, nothing above",
            "fn f() {\n    x();\n    println!(\"{}\", unsafe { g() });\n}\n",
            &["3:block:U"],
        ),
        (
            "assignment",
            "fn f() {\n    // SAFETY: fine.\n    y =\n        unsafe { g() };\n}\n",
            &["4:block:D"],
        ),
        (
            "method in an impl",
            "impl S {\n    fn f(&self) {\n        // SAFETY: fine.\n        unsafe { g() }\n    }\n    fn h(&self) { unsafe { g() } }\n}\n",
            &["4:block:D", "6:block:U"],
        ),
    ];
    for (what, src, want) in cases {
        assert_eq!(sites(src), *want, "{what}:\n{src}");
    }
}

#[test]
fn macro_rules_bodies() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "comment inside the macro body",
            "macro_rules! m {\n    ($p:expr) => {\n        // SAFETY: the caller passes a valid pointer.\n        unsafe { *$p }\n    };\n}\n",
            &["4:block:Dm"],
        ),
        (
            "no comment in the macro body",
            "macro_rules! m {\n    ($p:expr) => {\n        unsafe { *$p }\n    };\n}\n",
            &["3:block:Um"],
        ),
        (
            "comment above the macro does not count",
            "// SAFETY: no\nmacro_rules! m {\n    () => { unsafe { g() } };\n}\n",
            &["3:block:Um"],
        ),
        (
            "unsafe impl in a macro repetition",
            "macro_rules! m {\n    ($($t:ty),*) => {\n        $(\n            unsafe impl Send for $t {}\n        )*\n    };\n}\n",
            &["4:impl:Um"],
        ),
        (
            "unsafe impl generated by a macro",
            "macro_rules! m {\n    ($t:ty) => {\n        // SAFETY: $t is plain data.\n        unsafe impl Send for $t {}\n    };\n}\n",
            &["4:impl:Dm"],
        ),
    ];
    for (what, src, want) in cases {
        assert_eq!(sites(src), *want, "{what}:\n{src}");
    }
}

#[test]
fn impls_traits_fns() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "unsafe impl with comment",
            "struct S;\n\n// SAFETY: S holds no pointers.\nunsafe impl Send for S {}\n",
            &["4:impl:D"],
        ),
        (
            "unsafe impl without comment",
            "struct S;\nunsafe impl Send for S {}\n",
            &["2:impl:U"],
        ),
        (
            "comment belongs to the previous item",
            "struct S; // SAFETY: no\nunsafe impl Send for S {}\n",
            &["2:impl:U"],
        ),
        (
            "attribute between comment and impl",
            "struct S;\n// SAFETY: yes\n#[cfg(x)]\nunsafe impl Send for S {}\n",
            &["4:impl:D"],
        ),
        (
            "doc comment with SAFETY",
            "struct S;\n/// SAFETY: S holds no pointers.\nunsafe impl Sync for S {}\n",
            &["3:impl:D"],
        ),
        (
            "first item of the file",
            "// SAFETY: S holds no pointers.\nunsafe impl Sync for S {}\n",
            &["2:impl:D"],
        ),
        (
            "impl in a module",
            "mod m {\n    // SAFETY: fine.\n    unsafe impl Sync for S {}\n    unsafe impl Send for S {}\n}\n",
            &["3:impl:D", "4:impl:U"],
        ),
        (
            "impl inside a fn",
            "fn f() {\n    struct S;\n    // SAFETY: fine.\n    unsafe impl Send for S {}\n}\n",
            &["4:impl:D"],
        ),
        (
            "public unsafe fn with a Safety section",
            "/// Reads.\n///\n/// # Safety\n///\n/// `p` must be valid.\npub unsafe fn read(p: *const u8) -> u8 {\n    // SAFETY: the caller promises.\n    unsafe { *p }\n}\n",
            &["6:fn:D", "8:block:D"],
        ),
        (
            "public unsafe fn without one",
            "/// Reads.\npub unsafe fn read(p: *const u8) -> u8 { *p }\n",
            &["2:fn:U"],
        ),
        (
            "private unsafe fn needs no section",
            "unsafe fn read(p: *const u8) -> u8 { *p }\npub(crate) unsafe fn r2() {}\n",
            &["1:fn:-", "2:fn:-"],
        ),
        (
            "trait impl methods are documented on the trait",
            "unsafe impl T for S {\n    unsafe fn f(&self) {}\n}\n",
            &["1:impl:U", "2:fn:-"],
        ),
        (
            "unsafe trait and its declared unsafe fn",
            "/// A marker.\n///\n/// # Safety\n/// Implementors promise.\npub unsafe trait T {\n    unsafe fn f(&self);\n    /// # Safety\n    /// Same.\n    unsafe fn g(&self) {}\n}\n",
            &["5:trait:D", "6:fn-decl:U", "9:fn:D"],
        ),
        (
            "private module",
            "mod m {\n    pub unsafe fn f() {}\n}\npub mod n {\n    pub unsafe fn f() {}\n}\n",
            &["2:fn:-", "5:fn:U"],
        ),
        (
            "doc attribute with a Safety heading",
            "#[doc = \"# Safety\"]\npub unsafe fn f() {}\n",
            &["2:fn:D"],
        ),
    ];
    for (what, src, want) in cases {
        assert_eq!(sites(src), *want, "{what}:\n{src}");
    }
}

#[test]
fn other_kinds() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "extern blocks, old and 2024 style",
            "extern \"C\" {\n    fn a();\n}\nunsafe extern \"C\" {\n    safe fn b();\n    fn c();\n}\n",
            &["1:extern-block:-", "4:extern-block:-"],
        ),
        (
            "unsafe attributes",
            "#[unsafe(no_mangle)]\npub extern \"C\" fn f() {}\n#[unsafe(export_name = \"g2\")]\nfn g() {}\n#[no_mangle]\nfn h() {}\n",
            &["1:attr:-", "3:attr:-"],
        ),
        (
            "static mut and plain static",
            "static mut COUNT: u32 = 0;\nstatic LIMIT: u32 = 9;\npub static mut FLAG: bool = false;\n",
            &["1:static-mut:-", "3:static-mut:-"],
        ),
        (
            "function pointer types are not sites, in code or in macro tokens",
            "type Cb = unsafe extern \"C\" fn(i32) -> i32;\nstruct S {\n    f: unsafe fn(u8),\n}\nlink!(\"k.dll\" fn F(cb: Option<unsafe extern \"system\" fn(u32)>, g: unsafe fn()));\n",
            &[],
        ),
        (
            "an unsafe fn and a function pointer type in macro tokens",
            "m! {\n    unsafe fn g(f: unsafe fn(u8)) {}\n}\n",
            &["2:fn:-"],
        ),
        (
            "words in strings and comments are not sites",
            "fn f() {\n    let s = \"unsafe { x }\";\n    // unsafe impl Send for S {}\n}\n",
            &[],
        ),
    ];
    for (what, src, want) in cases {
        assert_eq!(sites(src), *want, "{what}:\n{src}");
    }
}

#[test]
fn allow_attributes() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "allow on the fn",
            "#[allow(clippy::undocumented_unsafe_blocks)]\nfn f() {\n    unsafe { g() }\n}\n",
            &["3:block:U!"],
        ),
        (
            "expect on the statement",
            "fn f() {\n    #[expect(clippy::undocumented_unsafe_blocks)]\n    let x = unsafe { g() };\n}\n",
            &["3:block:U!"],
        ),
        (
            "allow for the whole module",
            "#![allow(clippy::undocumented_unsafe_blocks)]\nfn f() {\n    unsafe { g() }\n}\n",
            &["3:block:U!"],
        ),
        (
            "the lint of the site's kind",
            "pub trait T {\n    #[expect(clippy::missing_safety_doc)]\n    unsafe fn f();\n    #[allow(clippy::undocumented_unsafe_blocks)]\n    unsafe fn g();\n}\n",
            &["3:fn-decl:U!", "5:fn-decl:U"],
        ),
        (
            "other allows do not count",
            "#[allow(dead_code)]\nfn f() {\n    unsafe { g() }\n}\n",
            &["3:block:U"],
        ),
    ];
    for (what, src, want) in cases {
        assert_eq!(sites(src), *want, "{what}:\n{src}");
    }
}

/// The SAFETY rule is the same in edition 2021, where the body of an unsafe
/// fn is itself unsafe code, and in 2024, where unsafe operations in it need
/// a block: a block asks for its comment either way, and calls to C straight
/// in the body count as FFI calls in both.
#[test]
fn unsafe_fn_bodies_in_both_editions() {
    let src = "pub(crate) unsafe fn f(p: *mut u8) {\n    libc::free(p.cast());\n    // SAFETY: p is still valid.\n    unsafe { libc::free(p.cast()) };\n}\n";
    assert_eq!(sites(src), ["1:fn:-", "4:block:D"]);
    let audit = Auditor::new().audit(src.as_bytes());
    let calls: Vec<_> = audit
        .ffi
        .iter()
        .map(|c| (c.callee.as_str(), c.via.as_str(), c.line))
        .collect();
    assert_eq!(calls, [("free", "libc", 2), ("free", "libc", 4)]);
}

#[test]
fn ffi_calls() {
    let src = r#"
use kernel::bindings;
extern "C" {
    fn local_c(x: i32) -> i32;
}
fn f() {
    // SAFETY: fine.
    let a = unsafe { bindings::kmalloc(8, bindings::GFP_KERNEL) };
    // SAFETY: fine.
    unsafe { crate::bindings::kfree(a) };
    // SAFETY: fine.
    let b = unsafe { local_c(1) };
    let c = std::ffi::CStr::from_bytes_with_nul(b"x\0");
    let d = helper(2);
    // SAFETY: fine.
    unsafe { openssl_sys::SSL_free(p) };
    to_result(unsafe { bindings::mutex_lock(m) });
}
macro_rules! lock {
    ($m:expr) => { unsafe { bindings::mutex_unlock($m) } };
}
"#;
    let audit = Auditor::new().audit(src.as_bytes());
    let ffi: Vec<_> = audit
        .ffi
        .iter()
        .map(|c| format!("{}:{}:{}", c.line, c.via, c.callee))
        .collect();
    assert_eq!(
        ffi,
        [
            "8:bindings:kmalloc",
            "10:bindings:kfree",
            "16:openssl_sys:SSL_free",
            "17:bindings:mutex_lock",
            "20:bindings:mutex_unlock",
        ]
    );
    let maybe: Vec<_> = audit
        .maybe_extern
        .iter()
        .map(|c| format!("{}:{}", c.line, c.callee))
        .collect();
    assert_eq!(
        maybe,
        ["12:local_c"],
        "to_result is called outside the block"
    );
    assert_eq!(audit.extern_fns, ["local_c"]);
}

#[test]
fn unsafe_lines_and_markers() {
    let src = "fn f() {\n    // SAFETY: a\n    unsafe {\n        g();\n        unsafe { h() }\n    }\n    x();\n    unsafe { y() }; unsafe { z() };\n    // INVARIANT: kept.\n}\n";
    let audit = Auditor::new().audit(src.as_bytes());
    let lines: Vec<&str> = audit
        .unsafe_ranges
        .iter()
        .map(|&(a, b)| &src[a..b])
        .collect();
    assert_eq!(
        lines,
        [
            "    unsafe {\n        g();\n        unsafe { h() }\n    }\n",
            "    unsafe { y() }; unsafe { z() };\n"
        ]
    );
    assert_eq!(audit.safety_comments, 1);
    assert_eq!(audit.invariant_comments, 1);
    assert!(!audit.skipped);
    assert!(Auditor::new().audit(b"fn f() {}\n").skipped);
}

#[test]
fn parse_errors_are_reported_and_the_rest_is_counted() {
    let src = "fn f( {\n    unsafe { g() }\n}\nunsafe impl Send for S {}\n";
    let audit = Auditor::new().audit(src.as_bytes());
    assert!(audit.parse_error.is_some());
    assert!(audit.sites.iter().any(|s| s.line == 4));
    let ok = Auditor::new().audit(b"unsafe extern \"C\" {\n    safe fn b();\n}\n");
    assert_eq!(
        ok.parse_error, None,
        "edition 2024 `safe fn` is not an error"
    );
    let src =
        b"unsafe extern \"C\" {\n    pub safe fn b();\n    pub(crate) safe static X: i32;\n}\n";
    let ok = Auditor::new().audit_whole(src);
    assert_eq!(ok.parse_error, None, "nor after a visibility");
}

/// Large files are parsed in part (only the items that can hold a site);
/// the result must be the whole-file parse's, site for site.
#[test]
fn partial_parse_equals_whole_parse() {
    let mut src = String::from("#![allow(dead_code)]\n//! A long file.\n\n");
    for i in 0..300 {
        src.push_str(&format!(
            "/// Plain item {i}.\npub fn plain_{i}(x: u32) -> u32 {{\n    let s = \"{{ not a brace\";\n    x + {i} + s.len() as u32\n}}\n\n"
        ));
        if i % 7 == 0 {
            src.push_str(&format!(
                "struct S{i};\n// SAFETY: S{i} holds nothing.\nunsafe impl Send for S{i} {{}}\nunsafe impl Sync for S{i} {{}}\n\n"
            ));
        }
        if i % 11 == 0 {
            src.push_str(&format!(
                "impl S{i} {{\n    fn a(&self) {{}}\n    fn b(&self) -> u8 {{\n        // SAFETY: fine.\n        unsafe {{ libc::getpid() as u8 }}\n    }}\n    fn c(&self) {{ unsafe {{ bindings::f() }} }}\n}}\n\n",
            ));
        }
        if i % 13 == 0 {
            src.push_str("const C: u32 = 1;\nstatic mut M: u32 = 0;\nextern \"C\" {\n    fn ext(x: i32) -> i32;\n}\n\n");
        }
    }
    assert!(src.len() > 32 * 1024);
    let mut a = Auditor::new();
    let part = a.audit(src.as_bytes());
    let whole = a.audit_whole(src.as_bytes());
    assert!(
        part.parsed_bytes < whole.parsed_bytes / 2,
        "{} of {}",
        part.parsed_bytes,
        whole.parsed_bytes
    );
    let mut whole = whole;
    whole.parsed_bytes = part.parsed_bytes;
    assert_eq!(part, whole);
    assert!(part.sites.iter().any(|s| s.doc == Doc::Documented));
    assert!(part.sites.iter().any(|s| s.doc == Doc::Undocumented));
}

/// An inner attribute after a comment still allows the lint in a file parsed
/// in part, where no word of the attribute's item is an unsafe keyword.
#[test]
fn partial_parse_keeps_inner_attributes() {
    let mut src =
        String::from("// A header comment.\n#![allow(clippy::undocumented_unsafe_blocks)]\n\n");
    for i in 0..400 {
        src.push_str(&format!(
            "pub fn plain_{i}(x: u32) -> u32 {{\n    x + {i}\n}}\n\n"
        ));
    }
    src.push_str("fn f() {\n    unsafe { g() }\n}\n");
    assert!(src.len() > 16 * 1024);
    let part = Auditor::new().audit(src.as_bytes());
    assert!(part.parsed_bytes < src.len() as u64 / 4);
    assert_eq!(part.sites.len(), 1);
    assert_eq!(part.sites[0].doc, Doc::Undocumented);
    assert!(part.sites[0].allowed);
}
