//! Language detection by file name, extension and `#!` line.
//!
//! The rules are data: `data/languages.toml`, embedded at compile time and
//! compiled once into lookup tables on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

use ferrometer_model::Lang;
use serde::Deserialize;

use crate::count::{HashFlavor, Syntax};

/// The embedded rule file, also hashed into [`rules_fingerprint`].
const RULES: &str = include_str!("../../../data/languages.toml");

/// How many bytes at the start of a file are read to tell text from binary.
pub const BINARY_PROBE: usize = 8192;

/// Compiled detection rules. Get them with [`rules`].
#[derive(Debug)]
pub struct Rules {
    filenames: HashMap<Vec<u8>, Lang>,
    extensions: HashMap<Vec<u8>, Lang>,
    prefixes: Vec<(Vec<u8>, Lang)>,
    interpreters: HashMap<Vec<u8>, Lang>,
    syntax: HashMap<Lang, Syntax>,
    /// Directory names whose contents are vendored.
    pub vendored_dirs: Vec<String>,
    /// Crates the Linux kernel vendors under `rust/`.
    pub kernel_rust_crates: Vec<String>,
    /// Lower-case markers of generated files.
    pub generated_markers: Vec<String>,
    /// How many leading lines are searched for a generated marker.
    pub generated_lines: usize,
}

#[derive(Deserialize)]
struct RawRules {
    language: Vec<RawLang>,
    vendored: RawVendored,
    generated: RawGenerated,
}

#[derive(Deserialize)]
struct RawLang {
    name: String,
    syntax: String,
    #[serde(default)]
    filenames: Vec<String>,
    #[serde(default)]
    extensions: Vec<String>,
    #[serde(default)]
    prefixes: Vec<String>,
    #[serde(default)]
    interpreters: Vec<String>,
}

#[derive(Deserialize)]
struct RawVendored {
    dirs: Vec<String>,
    kernel_rust_crates: Vec<String>,
}

#[derive(Deserialize)]
struct RawGenerated {
    markers: Vec<String>,
    lines: usize,
}

/// The compiled rules of `data/languages.toml`.
///
/// # Panics
/// Only if the embedded rule file is invalid, which a unit test rules out.
pub fn rules() -> &'static Rules {
    static RULES_CELL: OnceLock<Rules> = OnceLock::new();
    RULES_CELL.get_or_init(|| compile(RULES).expect("the embedded data/languages.toml is valid"))
}

/// A fingerprint of the detection rules, so that caches keyed on it go stale
/// when the rules change.
#[must_use]
pub fn rules_fingerprint() -> u64 {
    // FNV-1a: stable across Rust versions, unlike `DefaultHasher`.
    RULES.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A fingerprint of everything that decides how a file's bytes are
/// classified: the detection rules and the classifier's source code (hashed
/// by the build script). Caches of classified blobs key on it.
#[must_use]
pub fn classifier_fingerprint() -> &'static str {
    env!("FERROMETER_CLASSIFIER_HASH")
}

fn compile(text: &str) -> Result<Rules, String> {
    let raw: RawRules = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut r = Rules {
        filenames: HashMap::new(),
        extensions: HashMap::new(),
        prefixes: Vec::new(),
        interpreters: HashMap::new(),
        syntax: HashMap::new(),
        vendored_dirs: raw.vendored.dirs,
        kernel_rust_crates: raw.vendored.kernel_rust_crates,
        generated_markers: raw
            .generated
            .markers
            .iter()
            .map(|m| m.to_lowercase())
            .collect(),
        generated_lines: raw.generated.lines,
    };
    for l in raw.language {
        let lang =
            Lang::from_name(&l.name).ok_or_else(|| format!("unknown language {}", l.name))?;
        let syntax = match l.syntax.as_str() {
            "c" => Syntax::C { cpp: false },
            "cpp" => Syntax::C { cpp: true },
            "asm" => Syntax::Asm,
            "rust" => Syntax::Rust,
            "hash" => Syntax::Hash(HashFlavor::Plain),
            "make" => Syntax::Hash(HashFlavor::Make),
            "python" => Syntax::Hash(HashFlavor::Python),
            "perl" => Syntax::Hash(HashFlavor::Perl),
            "plain" => Syntax::Plain,
            "prose" => Syntax::Prose,
            other => return Err(format!("unknown syntax {other} for {}", l.name)),
        };
        r.syntax.insert(lang, syntax);
        for f in l.filenames {
            r.filenames.insert(f.into_bytes(), lang);
        }
        for e in l.extensions {
            r.extensions.insert(e.into_bytes(), lang);
        }
        for p in l.prefixes {
            r.prefixes.push((p.into_bytes(), lang));
        }
        for i in l.interpreters {
            r.interpreters.insert(i.into_bytes(), lang);
        }
    }
    Ok(r)
}

impl Rules {
    /// The language a file name says, before looking inside the file.
    /// `None` means: read the `#!` line, or else it is [`Lang::Other`].
    #[must_use]
    pub fn by_name(&self, file_name: &[u8]) -> Option<Lang> {
        if let Some(&l) = self.filenames.get(file_name) {
            return Some(l);
        }
        if let Some(dot) = memchr::memrchr(b'.', file_name) {
            // A leading dot is a hidden file's name, not an extension.
            if dot > 0 {
                let ext = &file_name[dot + 1..];
                if let Some(&l) = self.extensions.get(ext) {
                    return Some(l);
                }
                if ext.iter().any(u8::is_ascii_uppercase) {
                    if let Some(&l) = self.extensions.get(&ext.to_ascii_lowercase()) {
                        return Some(l);
                    }
                }
            }
        }
        self.prefixes
            .iter()
            .find(|(p, _)| file_name.starts_with(p))
            .map(|&(_, l)| l)
    }

    /// The language named by a `#!` first line, if any
    /// (`#!/bin/sh`, `#!/usr/bin/env -S python3 -u`, `#!/usr/bin/perl -w`).
    #[must_use]
    pub fn by_shebang(&self, head: &[u8]) -> Option<Lang> {
        let rest = head.strip_prefix(b"#!")?;
        let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
        let mut words = line
            .split(u8::is_ascii_whitespace)
            .filter(|w| !w.is_empty());
        let mut prog = words.next()?;
        if basename(prog) == b"env" {
            // Skip env's own options (`-S`, `-i`, `VAR=value`).
            prog = words.find(|w| !w.starts_with(b"-") && !w.contains(&b'='))?;
        }
        let name = basename(prog);
        // `python3.11` → `python3`, then `python`.
        let trimmed: &[u8] = {
            let end = name
                .iter()
                .rposition(|b| !(b.is_ascii_digit() || *b == b'.'))
                .map_or(0, |i| i + 1);
            &name[..end]
        };
        self.interpreters
            .get(name)
            .or_else(|| self.interpreters.get(trimmed))
            .copied()
    }

    /// The comment syntax a language is read with; `None` for [`Lang::Other`].
    #[must_use]
    pub fn syntax(&self, lang: Lang) -> Option<Syntax> {
        match lang {
            // Headers decided to be C++ are still read as C-family code.
            Lang::CppHeader | Lang::Cpp => Some(Syntax::C { cpp: true }),
            _ => self.syntax.get(&lang).copied(),
        }
    }

    /// Whether the first lines of a file mark it as generated.
    #[must_use]
    pub fn is_generated(&self, buf: &[u8]) -> bool {
        let mut end = 0;
        for _ in 0..self.generated_lines {
            match memchr::memchr(b'\n', &buf[end..]) {
                Some(i) => end += i + 1,
                None => {
                    end = buf.len();
                    break;
                }
            }
        }
        let head = buf[..end.min(4096)].to_ascii_lowercase();
        self.generated_markers
            .iter()
            .any(|m| memchr::memmem::find(&head, m.as_bytes()).is_some())
    }
}

/// Whether a block of bytes is binary: a NUL byte in the first
/// [`BINARY_PROBE`] bytes, as git and ripgrep decide.
#[must_use]
pub fn is_binary(buf: &[u8]) -> bool {
    memchr::memchr(0, &buf[..buf.len().min(BINARY_PROBE)]).is_some()
}

fn basename(path: &[u8]) -> &[u8] {
    match memchr::memrchr(b'/', path) {
        Some(i) => &path[i + 1..],
        None => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_compile() {
        assert!(compile(RULES).is_ok(), "{:?}", compile(RULES).err());
        assert!(rules().syntax.contains_key(&Lang::Rust));
    }

    #[test]
    fn by_name_table() {
        let cases: &[(&str, Option<Lang>)] = &[
            ("main.c", Some(Lang::C)),
            ("netdevice.h", Some(Lang::CHeader)),
            ("lib.rs", Some(Lang::Rust)),
            ("head_64.S", Some(Lang::Assembly)),
            ("entry.s", Some(Lang::Assembly)),
            ("Makefile", Some(Lang::Makefile)),
            ("Kbuild", Some(Lang::Makefile)),
            ("Makefile.build", Some(Lang::Makefile)),
            ("Kconfig", Some(Lang::Kconfig)),
            ("Kconfig.debug", Some(Lang::Kconfig)),
            ("board.dts", Some(Lang::DeviceTree)),
            ("soc.dtsi", Some(Lang::DeviceTree)),
            ("overlay.dtso", Some(Lang::DeviceTree)),
            ("vmlinux.lds", Some(Lang::LinkerScript)),
            ("vmlinux.lds.S", Some(Lang::Assembly)),
            ("gen.py", Some(Lang::Python)),
            ("run.sh", Some(Lang::Shell)),
            ("checkstyle.pl", Some(Lang::Perl)),
            ("fields.awk", Some(Lang::Awk)),
            ("binding.yaml", Some(Lang::Yaml)),
            ("events.json", Some(Lang::Json)),
            ("Cargo.toml", Some(Lang::Toml)),
            ("howto.rst", Some(Lang::ReStructuredText)),
            ("README.md", Some(Lang::Markdown)),
            ("notes.txt", Some(Lang::Text)),
            ("widget.cpp", Some(Lang::Cpp)),
            ("widget.hpp", Some(Lang::CppHeader)),
            ("LOUD.RS", Some(Lang::Rust)),
            ("setlocalversion", None),
            (".gitignore", None),
            ("logo.png", None),
            ("Kconfig.rst", Some(Lang::ReStructuredText)),
        ];
        for (name, want) in cases {
            assert_eq!(rules().by_name(name.as_bytes()), *want, "{name}");
        }
    }

    #[test]
    fn shebang_table() {
        let cases: &[(&str, Option<Lang>)] = &[
            ("#!/bin/sh\n", Some(Lang::Shell)),
            ("#!/bin/bash -e\necho", Some(Lang::Shell)),
            ("#!/usr/bin/env python3\n", Some(Lang::Python)),
            ("#!/usr/bin/env -S python3.11 -u\n", Some(Lang::Python)),
            ("#!/usr/bin/perl -w\n", Some(Lang::Perl)),
            ("#! /usr/bin/awk -f\n", Some(Lang::Awk)),
            ("#!/usr/bin/env\n", None),
            ("#!/usr/bin/ruby\n", None),
            ("echo hi\n", None),
            ("#!", None),
            ("", None),
        ];
        for (head, want) in cases {
            assert_eq!(rules().by_shebang(head.as_bytes()), *want, "{head:?}");
        }
    }

    #[test]
    fn generated_markers() {
        let r = rules();
        assert!(r.is_generated(b"// @generated by a tool\nfn x() {}\n"));
        assert!(r.is_generated(
            b"/*\n * SPDX\n *\n * Automatically generated file; DO NOT EDIT.\n */\n"
        ));
        assert!(!r.is_generated(b"int main(void) { return 0; }\n"));
        let late = format!("{}// DO NOT EDIT\n", "x\n".repeat(20));
        assert!(
            !r.is_generated(late.as_bytes()),
            "markers count only near the top"
        );
    }

    #[test]
    fn binary_probe() {
        assert!(is_binary(b"ELF\0\x01"));
        assert!(!is_binary(b"plain text\n"));
        let mut late = vec![b'a'; BINARY_PROBE];
        late.push(0);
        assert!(!is_binary(&late), "a NUL past the probe does not count");
    }
}
