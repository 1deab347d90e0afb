//! Tests of `MAINTAINERS` parsing and matching, on small invented files.

use std::cell::RefCell;

use proptest::prelude::*;

use super::*;

/// A file with no diagnostics, parsed with the given directories.
fn parse_with_dirs(text: &str, dirs: &[&str]) -> Maintainers {
    let is_dir = |p: &str| dirs.contains(&p);
    let (m, diags) = Maintainers::parse(text.as_bytes(), &is_dir);
    assert!(diags.is_empty(), "{diags:?}");
    m
}

fn parse(text: &str) -> Maintainers {
    parse_with_dirs(text, &[])
}

/// The section name for `path`, or `-`; also checks the index against the reference loop.
fn name<'a>(m: &'a Maintainers, path: &str) -> &'a str {
    let fast = m.section_of(path);
    assert_eq!(
        fast,
        m.section_of_reference(path),
        "index and reference differ on {path}"
    );
    assert_eq!(
        fast,
        m.sections_of(path).first().map(|s| s.section),
        "sections_of on {path}"
    );
    fast.map_or("-", |s| m.section_name(s))
}

fn check(m: &Maintainers, cases: &[(&str, &str)]) {
    for &(path, want) in cases {
        assert_eq!(name(m, path), want, "path {path}");
    }
}

const WIDGETS: &str = "\
Widget maintainers

Free text before the first entry is skipped, even when it looks like one:
\tF: not/a/pattern/
M: an entry-looking line in the preamble opens a section, as in get_maintainer.pl

ACME AUDIO DRIVERS
M:\tJane Doe <jane@example.org>
S:\tMaintained
F:\tsound/acme/
F:\tinclude/sound/acme*.h
X:\tsound/acme/legacy/

ACME AUDIO CODECS
F:\tsound/acme/codec-??.c
F:\tsound/acme/codecs/

BLINKENLIGHTS
N:\tblink
F:\tdrivers/leds/blink.c

LED CORE
F:\tdrivers/leds/
F:\tinclude/linux/leds.h

THE REST
F:\t*
F:\t*/
";

#[test]
fn sections_and_names() {
    // The preamble's "M: ..." line is an entry: it opens a section named by the line above it.
    let m = parse(WIDGETS);
    let names: Vec<&str> = (0..m.len()).map(|i| m.section_name(i)).collect();
    assert_eq!(
        names,
        [
            "\tF: not/a/pattern/",
            "ACME AUDIO DRIVERS",
            "ACME AUDIO CODECS",
            "BLINKENLIGHTS",
            "LED CORE",
            "THE REST"
        ]
    );
}

#[test]
fn widget_table() {
    let m = parse(WIDGETS);
    check(
        &m,
        &[
            // Directory pattern, depth 2.
            ("sound/acme/pcm.c", "ACME AUDIO DRIVERS"),
            ("sound/acme/sub/dir/pcm.c", "ACME AUDIO DRIVERS"),
            // `??` is exactly two characters; the file pattern (depth 3) beats the directory.
            ("sound/acme/codec-01.c", "ACME AUDIO CODECS"),
            ("sound/acme/codec-1.c", "ACME AUDIO DRIVERS"),
            ("sound/acme/codecs/x.c", "ACME AUDIO CODECS"),
            // X: takes the whole section out.
            ("sound/acme/legacy/old.c", "THE REST"),
            // Glob with `*`, same number of `/` required.
            ("include/sound/acme_regs.h", "ACME AUDIO DRIVERS"),
            ("include/sound/acme.h", "ACME AUDIO DRIVERS"),
            ("include/sound/acme/x.h", "THE REST"),
            // The best matching entry of a section sets its depth: here the F: (3), not the N: (0).
            ("drivers/leds/blink.c", "BLINKENLIGHTS"),
            // Only the N: matches (depth 0); the directory of LED CORE (2) is more specific.
            ("drivers/leds/blink-extra.c", "LED CORE"),
            // N: matches anywhere and beats THE REST (-1).
            ("tools/blinker/x.c", "BLINKENLIGHTS"),
            ("include/linux/leds.h", "LED CORE"),
            ("Makefile", "THE REST"),
            ("a/b/c/d/e", "THE REST"),
        ],
    );
}

#[test]
fn depth_values() {
    let m = parse(WIDGETS);
    let depths = |path: &str| -> Vec<(&str, i32)> {
        m.sections_of(path)
            .into_iter()
            .map(|s| (m.section_name(s.section), s.depth))
            .collect()
    };
    assert_eq!(
        depths("sound/acme/codec-01.c"),
        [
            ("ACME AUDIO CODECS", 3),
            ("ACME AUDIO DRIVERS", 2),
            ("THE REST", -1)
        ]
    );
    assert_eq!(
        depths("tools/blinker/x.c"),
        [("BLINKENLIGHTS", 0), ("THE REST", -1)]
    );
}

#[test]
fn prefix_quirk_and_slash_count() {
    let m = parse(
        "UTIL\nF:\tlib/util.c\n\nARCH BOOT\nF:\tarch/*/boot.c\n\nARCH BOOT DIRS\nF:\tarch/*/boot/\n",
    );
    check(
        &m,
        &[
            ("lib/util.c", "UTIL"),
            // The regex is anchored at the start only.
            ("lib/util.c.orig", "UTIL"),
            ("lib/util.cpp", "UTIL"),
            // ...but the number of `/` must agree.
            ("lib/util.c/x", "-"),
            ("arch/x86/boot.c", "ARCH BOOT"),
            ("arch/x86/sub/boot.c", "-"),
            // A pattern ending in `/` matches at any depth below.
            ("arch/x86/boot/a.c", "ARCH BOOT DIRS"),
            ("arch/x86/y/boot/a/b.c", "ARCH BOOT DIRS"),
        ],
    );
}

#[test]
fn directory_gets_a_trailing_slash() {
    let text = "FOO\nF:\tfs/foo\n\nDOTTED\nF:\tfs/a.b\n";
    let dirs = parse_with_dirs(text, &["fs/foo"]);
    check(
        &dirs,
        &[
            ("fs/foo/a.c", "FOO"),
            ("fs/foo/a/b.c", "FOO"),
            ("fs/foobar", "-"),
            ("fs/foo", "-"),
        ],
    );
    let no_dirs = parse(text);
    check(
        &no_dirs,
        &[("fs/foo", "FOO"), ("fs/foobar", "FOO"), ("fs/foo/a.c", "-")],
    );
    // is_dir is asked about the converted pattern, as get_maintainer.pl's `-d` is.
    let asked = RefCell::new(Vec::new());
    let is_dir = |p: &str| {
        asked.borrow_mut().push(p.to_owned());
        true
    };
    let (m, _) = Maintainers::parse(text.as_bytes(), &is_dir);
    assert_eq!(*asked.borrow(), ["fs/foo", "fs/a\\.b"]);
    // The callback said yes to the dotted one too, so it is a directory pattern now.
    check(&m, &[("fs/a.b/c", "DOTTED")]);
}

#[test]
fn exclusion_beats_every_kind_of_match() {
    let m =
        parse("NET\nF:\tnet/\nN:\tipv\nX:\tnet/ipv6/\n\nIPV6\nF:\tnet/ipv6/*.c\n\nREST\nF:\t*/\n");
    check(
        &m,
        &[
            ("net/core/a.c", "NET"),
            ("net/ipv6/route.c", "IPV6"),
            ("net/ipv6/sub/x.c", "REST"),
            ("drivers/ipvlan/x.c", "NET"),
        ],
    );
}

#[test]
fn most_specific_wins_whatever_the_order() {
    let m = parse(
        "DEEP FILE\nF:\tdrivers/gpu/drm/vkms/vkms_drv.c\n\n\
         GPU\nF:\tdrivers/gpu/\n\n\
         DRM\nF:\tdrivers/gpu/drm/\n",
    );
    check(
        &m,
        &[
            ("drivers/gpu/drm/vkms/vkms_drv.c", "DEEP FILE"),
            ("drivers/gpu/drm/vkms/vkms_plane.c", "DRM"),
            ("drivers/gpu/host1x/a.c", "GPU"),
        ],
    );
}

#[test]
fn ties_go_to_the_first_section() {
    let m = parse(
        "ALPHA\nF:\tcrypto/\n\nBETA\nF:\tcrypto/\n\nGAMMA\nF:\tcrypto/aes.c\n\nDELTA\nF:\tcrypto/*.c\n",
    );
    check(
        &m,
        &[("crypto/sub/sha.c", "ALPHA"), ("crypto/aes.c", "GAMMA")],
    );
    let order: Vec<usize> = m
        .sections_of("crypto/aes.c")
        .iter()
        .map(|s| s.section)
        .collect();
    assert_eq!(order, [2, 3, 0, 1]);
}

#[test]
fn many_matching_sections() {
    // More hits than fit on the stack.
    let text: String = (0..12)
        .map(|i| format!("S{i}\nF:\tsrc/\nN:\tsrc\n\n"))
        .collect();
    let m = parse(&text);
    check(&m, &[("src/a.c", "S0")]);
    let all = m.sections_of("src/a.c");
    assert_eq!(all.len(), 12);
    // The F: line is the best match of each section, whatever comes after it.
    assert!(all.iter().all(|s| s.depth == 1), "{all:?}");
}

#[test]
fn best_matching_entry_sets_the_section_depth() {
    // get_maintainer.pl overwrites a section's depth at each matching entry, so there a later,
    // vaguer line lowers the score; we keep the section's best line, whatever the order.
    let m = parse(
        "WIDE LAST\nF:\tnet/core/sock.c\nF:\tnet/\n\n\
         CORE\nF:\tnet/core/\n\n\
         WIDE FIRST\nF:\tnet/\nF:\tnet/core/dev.c\n\n\
         NAMED\nF:\tdrivers/soc/named/\nN:\tnamed\n\n\
         BINDINGS\nF:\tdrivers/soc/\n",
    );
    check(
        &m,
        &[
            ("net/core/sock.c", "WIDE LAST"),
            ("net/core/dev.c", "WIDE FIRST"),
            ("net/core/skbuff.c", "CORE"),
            // The script would let `N: named` (0) reset NAMED below BINDINGS (2).
            ("drivers/soc/named/x.c", "NAMED"),
        ],
    );
}

#[test]
fn the_rest_and_names() {
    let m = parse(
        "THE REST\nF:\t*\nF:\t*/\n\nANY NET\nF:\t*/net/*\n\nTEGRA\nN:\t[^a-z]tegra\nN:\tnv ? host  # /x: spaces and comments\n",
    );
    check(
        &m,
        &[
            ("README", "THE REST"),
            // `*/net/*` starts with `*`, so it too scores -1: a tie, which THE REST wins by order.
            ("sound/net/x.c", "THE REST"),
            ("drivers/gpu/tegra/a.c", "TEGRA"),
            ("drivers/integrator/a.c", "THE REST"),
            ("drivers/nvhost.c", "TEGRA"),
            ("drivers/nhost.c", "TEGRA"),
        ],
    );
}

#[test]
fn regex_patterns() {
    let m = parse("CRC\nF:\tlib/crc[0-9]*.[ch]\n\nEITHER\nF:\tfoo|bar\n\nPLUS\nF:\ttools/a+/\n");
    check(
        &m,
        &[
            ("lib/crc32.c", "CRC"),
            ("lib/crc7.h", "CRC"),
            ("lib/crcx.c", "-"),
            ("lib/crc32.o", "-"),
            // `^foo|bar`: the alternation lifts the anchor from `bar` (and `/` counts still apply).
            ("foo", "EITHER"),
            ("xbar", "EITHER"),
            ("a/xbar", "-"),
            ("tools/aaa/x", "PLUS"),
            ("tools/b/x", "-"),
        ],
    );
}

#[test]
fn layout_variants() {
    // Blank and comment lines don't end a section; two title lines in a row: the second names it;
    // spaces instead of a tab after the colon are fine.
    let m = parse(
        "FIRST LINE IS NOT A TITLE\nOLD NAME\nNEW NAME\nF:   src/\n\n# comment\nF:\tlib/\n\
         \n\n\nNEXT\n  # indented comment\nF:\tdoc/\n",
    );
    assert_eq!(m.len(), 2);
    check(
        &m,
        &[
            ("src/a", "NEW NAME"),
            ("lib/a", "NEW NAME"),
            ("doc/a", "NEXT"),
        ],
    );

    // An entry on the very first line: get_maintainer.pl names the section by that line.
    let m = parse("F:\ttop/\nM:\tSomeone\n");
    check(&m, &[("top/x", "F:\ttop/")]);

    // CRLF line ends.
    let m = parse("WIN\r\nF:\twin/\r\n");
    check(&m, &[("win/x", "WIN")]);

    let empty = parse("");
    assert!(empty.is_empty());
    assert_eq!(empty.section_of("a"), None);
}

#[test]
fn malformed_lines_are_diagnosed() {
    let text = "\
GOOD
F:\tgood/

ODD
F:odd/
Fx:\tnot an entry
F:\tafter/
X:\t
F:\tbad/(unclosed
N:\t(also
N:\tfine
N:\t
";
    let (m, diags) = Maintainers::parse(text.as_bytes(), &|_| false);
    let got: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| {
            (
                d.subject.as_str(),
                d.message.split(' ').next().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("MAINTAINERS:5", "no"),
            ("MAINTAINERS:6", "`Fx:\tnot"),
            ("MAINTAINERS:8", "empty"),
            ("MAINTAINERS:9", "F:"),
            ("MAINTAINERS:12", "empty"),
            ("MAINTAINERS:10", "N:"),
        ],
        "{diags:#?}"
    );
    // Parsing went on, the way get_maintainer.pl reads these lines.
    check(
        &m,
        &[
            ("good/a", "GOOD"),
            ("odd/a", "ODD"),
            // `Fx:...` became the title of a section holding the lines after it.
            ("after/a", "Fx:\tnot an entry"),
            ("bad/(unclosed", "-"),
            ("x/fine", "Fx:\tnot an entry"),
        ],
    );
}

#[test]
fn invalid_utf8_is_replaced() {
    let (m, diags) = Maintainers::parse(b"CAF\xc9\nF:\tcaf\xc9/\n", &|_| false);
    assert_eq!(diags.len(), 2, "{diags:?}");
    assert_eq!(m.section_name(0), "CAF\u{fffd}");
    assert_eq!(m.section_of("caf\u{fffd}/x"), Some(0));
}

// --- Index against reference, on generated files ---

/// Path components used both to build patterns and to build the paths they are tested on, so
/// that matches are frequent.
const PARTS: &[&str] = &["a", "b", "net", "x.c", "y.h", "ab", "a.c", "xc"];
const DIRS: &[&str] = &["a", "b", "net", "a/b", "net/a", "a/net", "ab"];

fn part() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(PARTS).prop_map(str::to_owned),
        1 => Just("*".to_owned()),
        1 => Just("?".to_owned()),
        1 => Just("a*".to_owned()),
        1 => Just("*.c".to_owned()),
        1 => Just("?.?".to_owned()),
        1 => Just("[ab]".to_owned()),
        1 => Just("a+".to_owned()),
        1 => Just("n(e|o)t".to_owned()),
    ]
}

fn f_value() -> impl Strategy<Value = String> {
    (proptest::collection::vec(part(), 1..4), any::<bool>())
        .prop_map(|(parts, slash)| parts.join("/") + if slash { "/" } else { "" })
}

fn entry() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => f_value().prop_map(|v| format!("F:\t{v}")),
        1 => f_value().prop_map(|v| format!("X:\t{v}")),
        1 => proptest::sample::select(&["a", "net", "^b", "x\\.c$", "a b", "/a/", "[xy]"][..])
            .prop_map(|v| format!("N:\t{v}")),
        1 => Just("M:\tSomeone <s@example.org>".to_owned()),
    ]
}

fn file() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::collection::vec(entry(), 1..6), 1..8).prop_map(|sections| {
        let mut text = String::from("Preamble\n\n");
        for (i, entries) in sections.iter().enumerate() {
            text.push_str(&format!("SECTION {i}\n"));
            for e in entries {
                text.push_str(e);
                text.push('\n');
            }
            text.push('\n');
        }
        text
    })
}

fn path() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PARTS), 1..5).prop_map(|p| p.join("/"))
}

proptest! {
    #[test]
    fn index_agrees_with_reference(text in file(), paths in proptest::collection::vec(path(), 1..40)) {
        let is_dir = |p: &str| DIRS.contains(&p);
        let (m, _) = Maintainers::parse(text.as_bytes(), &is_dir);
        for path in &paths {
            prop_assert_eq!(m.section_of(path), m.section_of_reference(path), "path {}\n{}", path, text);
        }
    }

    #[test]
    fn random_bytes_never_panic(text in proptest::collection::vec(any::<u8>(), 0..600),
                                path in "[a-zA-Z0-9/.*?:\\[\\] \n-]{0,30}") {
        let (m, _) = Maintainers::parse(&text, &|p: &str| p.len() % 2 == 0);
        let found = m.section_of(&path);
        if let Some(s) = found {
            let _ = m.section_name(s);
        }
        prop_assert_eq!(found, m.section_of_reference(&path));
    }

    #[test]
    fn random_lines_never_panic(text in "([A-Z]:[ \t]?[a-z/.*?|()\\[\\]{}+^$\\\\ #]{0,16}\n|[A-Z ]{0,8}\n|\n){0,30}",
                                path in "[a-z/.]{0,20}") {
        let (m, _) = Maintainers::parse(text.as_bytes(), &|p: &str| p.ends_with('a'));
        prop_assert_eq!(m.section_of(&path), m.section_of_reference(&path));
    }
}
