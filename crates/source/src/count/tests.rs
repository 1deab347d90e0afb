//! Table-driven tests of the line classifier, on snippets written for them.

use proptest::prelude::*;

use super::{count, looks_like_cpp, HashFlavor, Syntax};

const C: Syntax = Syntax::C { cpp: false };
const CPP: Syntax = Syntax::C { cpp: true };
const RS: Syntax = Syntax::Rust;

/// (name, syntax, input, [lines, code, comment, blank, doc])
const CASES: &[(&str, Syntax, &[u8], [u64; 5])] = &[
    // --- C ---
    ("empty input", C, b"", [0, 0, 0, 0, 0]),
    ("one newline", C, b"\n", [1, 0, 0, 1, 0]),
    ("no trailing newline", C, b"int x;", [1, 1, 0, 0, 0]),
    (
        "whitespace only lines",
        C,
        b"  \n\t\n \r\n",
        [3, 0, 0, 3, 0],
    ),
    ("line comment", C, b"// hello\nint a;\n", [2, 1, 1, 0, 0]),
    (
        "code then line comment is code",
        C,
        b"int a; // why\n",
        [1, 1, 0, 0, 0],
    ),
    (
        "block comment over lines",
        C,
        b"/*\n * one\n *\n */\nint a;\n",
        [5, 1, 4, 0, 0],
    ),
    (
        "blank line inside block comment",
        C,
        b"/* a\n\n b */\n",
        [3, 0, 3, 0, 0],
    ),
    (
        "comment then code after close",
        C,
        b"/* x */ int a;\n",
        [1, 1, 0, 0, 0],
    ),
    (
        "close then code on next line",
        C,
        b"/* a\n b */ int c;\nint d;\n",
        [3, 2, 1, 0, 0],
    ),
    (
        "code then block opener",
        C,
        b"int a; /* starts\n ends */\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "block opener in string",
        C,
        b"char *s = \"/* no\";\nint b;\n",
        [2, 2, 0, 0, 0],
    ),
    (
        "line opener in string",
        C,
        b"puts(\"// no\");\n",
        [1, 1, 0, 0, 0],
    ),
    (
        "escaped quote in string",
        C,
        b"s = \"a \\\" /* b\";\n/* c */\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "quote in char literal",
        C,
        b"c = '\"';\n/* x */\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "escaped apostrophe char",
        C,
        b"c = '\\'';\n/* x */\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "backslash char",
        C,
        b"c = '\\\\'; s = \"/*\";\n// y\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "digit separators",
        C,
        b"n = 1'000'000; /* x */\n// c\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "stray apostrophe in directive",
        C,
        b"#error don't do this\n/* c */\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "line comment continued",
        C,
        b"// one \\\n   two\nint x;\n",
        [3, 1, 2, 0, 0],
    ),
    (
        "string continued",
        C,
        b"s = \"a\\\n/* not */ b\";\n// c\n",
        [3, 2, 1, 0, 0],
    ),
    (
        "unterminated string ends at eol",
        C,
        b"s = \"oops\n/* c */\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "two comments one line",
        C,
        b"/* a */ /* b */\n",
        [1, 0, 1, 0, 0],
    ),
    ("comment star slash alone", C, b"/*\n*/\n", [2, 0, 2, 0, 0]),
    ("division is code", C, b"x = a / b;\n", [1, 1, 0, 0, 0]),
    (
        "crlf endings",
        C,
        b"int a;\r\n// c\r\n\r\n",
        [3, 1, 1, 1, 0],
    ),
    (
        "non-utf8 bytes",
        C,
        b"int \xff;\n/* \xff */\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "preprocessor lines are code",
        C,
        b"#include <a.h>\n#define X 1 /* one */\n",
        [2, 2, 0, 0, 0],
    ),
    (
        "doc-looking comments are plain in C",
        C,
        b"/** doc */\n/// x\n",
        [2, 0, 2, 0, 0],
    ),
    (
        "cpp raw string holding quotes",
        CPP,
        b"auto s = R\"x(a \" /* b)x\";\n// c\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "cpp raw string over lines",
        CPP,
        b"s = R\"(\n// not\n)\";\n",
        [3, 3, 0, 0, 0],
    ),
    (
        "cpp u8R prefix",
        CPP,
        b"s = u8R\"d(\")\")d\";\n/* c */\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "R not a prefix inside identifier",
        CPP,
        b"FOOR\"x\";\n// c\n",
        [2, 1, 1, 0, 0],
    ),
    // --- Rust ---
    (
        "rust line and doc",
        RS,
        b"/// Docs.\n//! Inner.\n// plain\nfn f() {}\n",
        [4, 1, 3, 0, 2],
    ),
    (
        "four slashes is not doc",
        RS,
        b"//// not doc\n",
        [1, 0, 1, 0, 0],
    ),
    (
        "rust block doc",
        RS,
        b"/** Doc\n * more\n */\nfn f() {}\n",
        [4, 1, 3, 0, 3],
    ),
    (
        "rust inner block doc",
        RS,
        b"/*! crate\n */\n",
        [2, 0, 2, 0, 2],
    ),
    (
        "empty block is not doc",
        RS,
        b"/**/\n/*** x */\n",
        [2, 0, 2, 0, 0],
    ),
    (
        "nested block comments",
        RS,
        b"/* a /* b */ still\n*/\nfn f() {}\n",
        [3, 1, 2, 0, 0],
    ),
    (
        "nested close then code",
        RS,
        b"/* /* */ */ let x = 1;\n",
        [1, 1, 0, 0, 0],
    ),
    (
        "multi-line string holding comment",
        RS,
        b"let s = \"one\n// two\n/* three\";\n// c\n",
        [4, 3, 1, 0, 0],
    ),
    (
        "blank line inside string",
        RS,
        b"let s = \"a\n\nb\";\n",
        [3, 3, 0, 0, 0],
    ),
    (
        "blank line inside doc block",
        RS,
        b"/** a\n\n */\nfn f() {}\n",
        [4, 1, 3, 0, 3],
    ),
    (
        "blank line after line comment",
        C,
        b"// a\n\n",
        [2, 0, 1, 1, 0],
    ),
    (
        "raw string with quote hash",
        RS,
        b"let s = r##\"a \"# b /*\"##;\n// c\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "raw string over lines",
        RS,
        b"let s = r#\"\n// in\n\"#;\n",
        [3, 3, 0, 0, 0],
    ),
    (
        "byte and c strings",
        RS,
        b"let a = b\"/*\"; let b = c\"//\";\n// c\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "byte raw string",
        RS,
        b"let a = br\"\\\"; // tail\n// c\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "raw identifier is not raw string",
        RS,
        b"let r#match = \"/*\";\n// c\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "lifetimes and chars",
        RS,
        b"fn f<'a>(x: &'a str) -> char { 'a' }\n// c\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "quote char literal",
        RS,
        b"let q = '\"'; let s = \"/*\";\n// c\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "escaped quote char",
        RS,
        b"let q = '\\''; /* c */\n// d\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "unicode escape char",
        RS,
        b"let e = '\\u{1F600}'; let s = \"x\";\n",
        [1, 1, 0, 0, 0],
    ),
    (
        "multibyte char literal",
        RS,
        b"let e = '\xc3\xa9'; // c\n// d\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "static lifetime then string",
        RS,
        b"const S: &'static str = \"//\";\n// c\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "byte char quote",
        RS,
        b"let b = b'\"';\n/* c */\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "loop label",
        RS,
        b"'outer: loop { break 'outer; }\n// c\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "doc then code line",
        RS,
        b"/// doc\npub fn f() {} // trailing\n",
        [2, 1, 1, 0, 1],
    ),
    (
        "escaped backslash before quote",
        RS,
        b"let s = \"a\\\\\"; // c\n// d\n",
        [2, 1, 1, 0, 0],
    ),
    // --- Assembly ---
    (
        "asm hash comment",
        Syntax::Asm,
        b"# comment\n\tmov %eax, %ebx\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "asm directives with space",
        Syntax::Asm,
        b"# define X 1\n#  include <a.h>\n#include <b.h>\n",
        [3, 3, 0, 0, 0],
    ),
    (
        "asm apostrophe and comments",
        Syntax::Asm,
        b"\t.ascii \"don't\" /* c */\n/* a\n b */\n// x\n; y\n",
        [5, 1, 4, 0, 0],
    ),
    ("asm bare hash", Syntax::Asm, b"#\nnop\n", [2, 1, 1, 0, 0]),
    // --- hash languages ---
    (
        "shell",
        Syntax::Hash(HashFlavor::Plain),
        b"#!/bin/sh\n# c\necho \"# no\" # tail\n\n",
        [4, 1, 2, 1, 0],
    ),
    (
        "make continuation",
        Syntax::Hash(HashFlavor::Make),
        b"# a \\\n  b\nall:\n",
        [3, 1, 2, 0, 0],
    ),
    (
        "python docstring",
        Syntax::Hash(HashFlavor::Python),
        b"def f():\n    \"\"\"Doc.\n\n    More.\n    \"\"\"\n    return 1  # c\n",
        [6, 2, 3, 1, 0],
    ),
    (
        "python one-line docstring",
        Syntax::Hash(HashFlavor::Python),
        b"'''Module.'''\nx = 1\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "python string is code",
        Syntax::Hash(HashFlavor::Python),
        b"s = \"\"\"\n# in\n\"\"\"\n# out\n",
        [4, 3, 1, 0, 0],
    ),
    (
        "python quote in string",
        Syntax::Hash(HashFlavor::Python),
        b"s = \"'''\"\n# c\n",
        [2, 1, 1, 0, 0],
    ),
    (
        "perl pod",
        Syntax::Hash(HashFlavor::Perl),
        b"my $x = 1;\n=pod\n\nText\n=cut\nprint 1;\n",
        [6, 2, 3, 1, 0],
    ),
    // --- no comments, prose ---
    (
        "json",
        Syntax::Plain,
        b"{\n\n  \"a\": \"//\"\n}\n",
        [4, 3, 0, 1, 0],
    ),
    (
        "prose",
        Syntax::Prose,
        b"# Title\n\nText.\n",
        [3, 0, 2, 1, 0],
    ),
];

#[test]
fn classifier_table() {
    let mut failures = Vec::new();
    for (name, syntax, input, [lines, code, comment, blank, doc]) in CASES {
        let c = count(*syntax, input);
        let got = [c.lines, c.code, c.comment, c.blank, c.doc];
        if got != [*lines, *code, *comment, *blank, *doc] {
            failures.push(format!(
                "{name}: got {got:?}, want {:?}",
                [lines, code, comment, blank, doc]
            ));
        }
        assert!(c.is_consistent(), "{name}");
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn enough_c_and_rust_cases() {
    let c_and_rust = CASES
        .iter()
        .filter(|(_, s, _, _)| matches!(s, Syntax::C { .. } | Syntax::Rust))
        .count();
    assert!(c_and_rust >= 40, "{c_and_rust}");
}

#[test]
fn cpp_detection() {
    let yes: &[&str] = &[
        "namespace ns {\nint f();\n}\n",
        "namespace {\n}\n",
        "template <typename T> T id(T x);\n",
        "template<class T> struct S;\n",
        "class Widget {\n};\n",
        "class Widget : public Base {};\n",
        "class Widget final {};\n",
        "int x = std::max(1, 2);\n",
        "Widget::~Widget() {}\n",
    ];
    let no: &[&str] = &[
        "struct pci { u8 class; };\n",
        "static inline void b(void) { asm volatile(\"\" ::: \"memory\"); }\n",
        "asm(\"mov %0, %1\" :: \"r\"(x), \"r\"(y));\n",
        "/* std::vector in a comment */\nint a;\n",
        "const char *s = \"a::b\";\n",
        "// namespace foo {\n",
        "int class_id; int x = cond ? a : b;\n",
        "[[gnu::unused]] static int v;\n",
        "#define LABEL(x) x: \n",
        "int main(void) { return 0; }\n",
    ];
    for s in yes {
        assert!(looks_like_cpp(s.as_bytes()), "should be C++: {s}");
    }
    for s in no {
        assert!(!looks_like_cpp(s.as_bytes()), "should be C: {s}");
    }
}

const ALL: &[Syntax] = &[
    Syntax::C { cpp: false },
    Syntax::C { cpp: true },
    Syntax::Asm,
    Syntax::Rust,
    Syntax::Hash(HashFlavor::Plain),
    Syntax::Hash(HashFlavor::Make),
    Syntax::Hash(HashFlavor::Python),
    Syntax::Hash(HashFlavor::Perl),
    Syntax::Plain,
    Syntax::Prose,
];

fn expected_lines(b: &[u8]) -> u64 {
    let nl = b.iter().filter(|&&c| c == b'\n').count() as u64;
    nl + u64::from(!b.is_empty() && b.last() != Some(&b'\n'))
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    for &s in ALL {
        let c = count(s, bytes);
        prop_assert!(c.is_consistent(), "{s:?}: {c:?}");
        prop_assert_eq!(c.lines, expected_lines(bytes), "{:?}", s);
    }
    let _ = looks_like_cpp(bytes);
    Ok(())
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic_and_add_up(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check(&bytes)?;
    }

    #[test]
    fn syntax_heavy_text_never_panics_and_adds_up(
        bytes in proptest::collection::vec(
            prop::sample::select(b"/*\"'\\#rbcRu8()x:={} \t\r\n=pod=cut".to_vec()), 0..400)
    ) {
        check(&bytes)?;
    }
}
