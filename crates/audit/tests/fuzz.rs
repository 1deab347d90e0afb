//! Whatever the bytes, the audit never panics and what it returns is
//! consistent: lines and columns point into the file, ranges are sorted,
//! merged and on line boundaries.

use ferrometer_audit::Auditor;
use proptest::prelude::*;

/// Rust-looking fragments, so that the parser gets far into real shapes.
const PIECES: &[&str] = &[
    "unsafe ",
    "{",
    "}",
    "(",
    ")",
    "fn f",
    "impl ",
    "extern \"C\" ",
    "static mut X: u8 = 0;",
    "// SAFETY: x\n",
    "/* SAFETY: */",
    "\n",
    "let x = ",
    ";",
    "macro_rules! m { () => { unsafe { } } }",
    "#[unsafe(no_mangle)]",
    "bindings::f(",
    "libc::g(",
    "trait T ",
    "pub ",
    "/// # Safety\n",
    "\"str{\"",
    "'a'",
    "r#\"x\"#",
    "é",
    "\r\n",
    "#![allow(clippy::undocumented_unsafe_blocks)]",
    "m!(unsafe { x })",
    "*/",
    "/*",
    "unsafe extern \"C\" {",
    "safe fn g();",
    "#[link(name = \"m\")]",
    "fn h(cb: unsafe extern \"C\" fn(i32));",
    "static ",
    "mut ",
    "!",
    "core::ffi::c_void",
];

/// Whole items, each valid Rust, for files the fast paths must read exactly
/// as a whole-file parse does.
const ITEMS: &[&str] = &[
    "/// Plain.\npub fn plain(x: u32) -> u32 {\n    x + 1\n}\n",
    "pub fn with_block(p: *const u8) -> u8 {\n    // SAFETY: p is valid.\n    unsafe { *p }\n}\n",
    "fn undocumented() {\n    unsafe { libc::getpid() };\n}\n",
    "/// # Safety\n/// p must be valid.\npub unsafe fn documented(p: *const u8) -> u8 {\n    *p\n}\n",
    "extern \"C\" {\n    fn c_fn(x: i32) -> i32;\n    pub static mut C_ERR: i32;\n}\n",
    "#[link(name = \"m\")]\nunsafe extern \"C\" {\n    pub safe fn c_safe();\n    #[unsafe(link_name = \"d2\")]\n    fn c_d(cb: unsafe extern \"C\" fn(i32));\n}\n",
    "extern \"C\" {\n    m!(c_macro);\n}\n",
    "static mut COUNTER: u32 = 0;\n",
    "pub type Callback = Option<unsafe extern \"system\" fn(u32) -> i32>;\n",
    "pub struct Raw {\n    pub p: *mut core::ffi::c_void,\n    pub n: libc::size_t,\n}\n",
    "const E: i32 = libc::EINTR;\n",
    "struct S;\n// SAFETY: S holds nothing.\nunsafe impl Send for S {}\n",
    "impl S {\n    fn call(&self) -> i32 {\n        // SAFETY: fine.\n        unsafe { c_fn(1) }\n    }\n}\n",
    "link!(\"k.dll\" fn k(cb: unsafe fn(u8)));\n",
    "#[unsafe(no_mangle)]\npub extern \"C\" fn exported() {}\n",
    "macro_rules! mk {\n    () => {\n        unsafe { c_fn(2) }\n    };\n}\n",
    "mod inner {\n    #![allow(clippy::undocumented_unsafe_blocks)]\n    pub fn f() {\n        unsafe { super::c_fn(3) };\n    }\n}\n",
];

fn check(src: &[u8]) {
    let audit = Auditor::new().audit(src);
    let lines = src.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    for s in &audit.sites {
        assert!(s.line >= 1 && s.line <= lines, "{s:?}");
        assert!(s.column >= 1);
    }
    for c in audit.ffi.iter().chain(&audit.maybe_extern) {
        assert!(c.line >= 1 && c.line <= lines, "{c:?}");
    }
    let mut last = 0;
    for &(a, b) in &audit.unsafe_ranges {
        assert!(
            a >= last && a < b && b <= src.len(),
            "{:?}",
            audit.unsafe_ranges
        );
        assert!(a == 0 || src[a - 1] == b'\n');
        assert!(b == src.len() || src[b - 1] == b'\n');
        last = b;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes(src in proptest::collection::vec(any::<u8>(), 0..400)) {
        check(&src);
    }

    /// Files of whole items, small and large: the partial parse, the
    /// prefilter and the extern-block lexer give what a whole-file parse gives.
    #[test]
    fn fast_paths_equal_the_whole_parse(
        parts in proptest::collection::vec(0..ITEMS.len(), 0..40),
        padding in 0usize..120,
    ) {
        let mut src = String::new();
        for (n, &i) in parts.iter().enumerate() {
            src.push_str(ITEMS[i]);
            for _ in 0..(padding * (n % 2)) / 4 {
                src.push_str(ITEMS[0]);
            }
        }
        let mut a = Auditor::new();
        let part = a.audit(src.as_bytes());
        let mut whole = a.audit_whole(src.as_bytes());
        whole.parsed_bytes = part.parsed_bytes;
        whole.skipped = part.skipped;
        prop_assert_eq!(part, whole, "{}", src);
    }

    #[test]
    fn rust_like_text(parts in proptest::collection::vec(0..PIECES.len(), 0..60)) {
        let src: String = parts.iter().map(|&i| PIECES[i]).collect();
        check(src.as_bytes());
    }
}
