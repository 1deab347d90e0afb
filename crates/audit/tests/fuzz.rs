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

    #[test]
    fn rust_like_text(parts in proptest::collection::vec(0..PIECES.len(), 0..60)) {
        let src: String = parts.iter().map(|&i| PIECES[i]).collect();
        check(src.as_bytes());
    }
}
