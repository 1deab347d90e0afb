//! Tells vendored and generated code apart from the project's own.
//!
//! Three sources, strongest first:
//! 1. `linguist-generated` / `linguist-vendored` in `.gitattributes`
//!    (set, `=true`, `=false`, or `-attr` to unset), as GitHub's linguist
//!    reads them: the last matching line wins, deeper files override
//!    shallower ones, and an explicit `false` overrides the heuristics below.
//! 2. Well-known vendored directories (`vendor/`, `third_party/`, …) and, in
//!    a Linux kernel tree, the crates the kernel vendors under `rust/`.
//! 3. A generated-file marker in a file's first lines.

use std::collections::HashSet;

use ferrometer_model::{Diagnostic, Origin};
use globset::{GlobBuilder, GlobMatcher};

use crate::lang::Rules;
use crate::walk::AttributesFile;

/// Compiled origin rules for one tree.
#[derive(Debug, Default)]
pub struct OriginRules {
    attrs: Vec<AttrRule>,
    vendored_dirs: HashSet<String>,
    vendored_prefixes: Vec<String>,
}

#[derive(Debug)]
struct AttrRule {
    glob: GlobMatcher,
    vendored: Option<bool>,
    generated: Option<bool>,
}

impl OriginRules {
    /// Builds the rules from the tree's `.gitattributes` files (shallow
    /// first). `kernel` says the tree is a Linux kernel tree, so that the
    /// crates it vendors under `rust/` count as vendored.
    #[must_use]
    pub fn new(
        rules: &Rules,
        attributes: &[AttributesFile],
        kernel: bool,
    ) -> (OriginRules, Vec<Diagnostic>) {
        let mut out = OriginRules {
            vendored_dirs: rules.vendored_dirs.iter().cloned().collect(),
            ..OriginRules::default()
        };
        if kernel {
            out.vendored_prefixes = rules
                .kernel_rust_crates
                .iter()
                .map(|c| format!("rust/{c}/"))
                .collect();
        }
        let mut diags = Vec::new();
        for file in attributes {
            let text = String::from_utf8_lossy(&file.text);
            for (n, line) in text.lines().enumerate() {
                match parse_line(&file.dir, line) {
                    Ok(Some(rule)) => out.attrs.push(rule),
                    Ok(None) => {}
                    Err(msg) => diags.push(Diagnostic {
                        subject: format!("{}:{}", join(&file.dir, ".gitattributes"), n + 1),
                        message: msg,
                    }),
                }
            }
        }
        (out, diags)
    }

    /// The origin of the file at `rel` (relative to the tree base);
    /// `generated_marker` says its first lines carry a generated marker.
    #[must_use]
    pub fn origin(&self, rel: &str, generated_marker: bool) -> Origin {
        let (mut vendored, mut generated) = (None, None);
        for rule in &self.attrs {
            if (rule.vendored.is_some() || rule.generated.is_some()) && rule.glob.is_match(rel) {
                vendored = rule.vendored.or(vendored);
                generated = rule.generated.or(generated);
            }
        }
        if generated == Some(true) {
            return Origin::Generated;
        }
        if vendored == Some(true) {
            return Origin::Vendored;
        }
        if vendored.is_none() && self.is_vendored_path(rel) {
            return Origin::Vendored;
        }
        if generated.is_none() && generated_marker {
            return Origin::Generated;
        }
        Origin::Own
    }

    fn is_vendored_path(&self, rel: &str) -> bool {
        // Only directory components count: a file named `vendor` is not a folder of vendored code.
        let dirs = rel.rsplit_once('/').map_or("", |(d, _)| d);
        dirs.split('/').any(|c| self.vendored_dirs.contains(c))
            || self
                .vendored_prefixes
                .iter()
                .any(|p| rel.starts_with(p.as_str()))
    }
}

/// Parses one `.gitattributes` line; `Ok(None)` for lines without linguist attributes.
fn parse_line(dir: &str, line: &str) -> Result<Option<AttrRule>, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let mut words = line.split_whitespace();
    let Some(pattern) = words.next() else {
        return Ok(None);
    };
    let (mut vendored, mut generated) = (None, None);
    for attr in words {
        let (name, value) = match attr.split_once('=') {
            Some((n, v)) => (n, !matches!(v, "false" | "0")),
            None => match attr.strip_prefix('-').or_else(|| attr.strip_prefix('!')) {
                Some(n) => (n, false),
                None => (attr, true),
            },
        };
        match name {
            "linguist-vendored" => vendored = Some(value),
            "linguist-generated" => generated = Some(value),
            _ => {}
        }
    }
    if vendored.is_none() && generated.is_none() {
        return Ok(None);
    }
    if pattern.starts_with('!') {
        return Err(format!(
            "negative pattern {pattern} is not allowed in .gitattributes"
        ));
    }
    // gitattributes patterns follow gitignore rules: without a slash they
    // match a name at any depth, with one they are relative to the file's
    // directory. Unlike gitignore, a directory pattern does not reach the
    // files inside it; `dir/**` does.
    let core = pattern.trim_end_matches('/');
    let glob = if core.contains('/') {
        join(dir, core.trim_start_matches('/'))
    } else {
        join(dir, &format!("**/{core}"))
    };
    let glob = GlobBuilder::new(&glob)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| format!("bad pattern {pattern}: {e}"))?
        .compile_matcher();
    Ok(Some(AttrRule {
        glob,
        vendored,
        generated,
    }))
}

fn join(dir: &str, rest: &str) -> String {
    if dir.is_empty() {
        rest.to_string()
    } else {
        format!("{dir}/{rest}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::rules;

    fn attrs(files: &[(&str, &str)]) -> Vec<AttributesFile> {
        files
            .iter()
            .map(|(d, t)| AttributesFile {
                dir: (*d).to_string(),
                text: t.as_bytes().to_vec(),
            })
            .collect()
    }

    #[test]
    fn origin_table() {
        let files = attrs(&[
            ("", "*.pb.c linguist-generated\nlibs/** linguist-vendored\nlibs/mine/** -linguist-vendored\n# comment\n*.c diff=cpp\n"),
            ("tools", "gen_*.h linguist-generated=true\nvendor/keep.c linguist-vendored=false\n"),
        ]);
        let (o, diags) = OriginRules::new(rules(), &files, true);
        assert!(diags.is_empty(), "{diags:?}");
        let cases: &[(&str, bool, Origin)] = &[
            ("src/main.c", false, Origin::Own),
            ("src/msg.pb.c", false, Origin::Generated),
            ("deep/er/msg.pb.c", false, Origin::Generated),
            ("libs/zlib/inflate.c", false, Origin::Vendored),
            ("libs/mine/util.c", false, Origin::Own),
            ("tools/gen_tables.h", false, Origin::Generated),
            ("tools/sub/gen_x.h", false, Origin::Generated),
            ("gen_top.h", false, Origin::Own),
            ("vendor/lib.c", false, Origin::Vendored),
            ("a/third_party/b/c.h", false, Origin::Vendored),
            ("tools/vendor/keep.c", false, Origin::Own),
            ("src/vendor", false, Origin::Own),
            ("rust/syn/lib.rs", false, Origin::Vendored),
            ("rust/kernel/lib.rs", false, Origin::Own),
            ("src/tables.c", true, Origin::Generated),
            ("vendor/tables.c", true, Origin::Vendored),
        ];
        for (path, marker, want) in cases {
            assert_eq!(o.origin(path, *marker), *want, "{path}");
        }
    }

    #[test]
    fn kernel_crates_only_in_kernel_trees() {
        let (o, _) = OriginRules::new(rules(), &[], false);
        assert_eq!(o.origin("rust/syn/lib.rs", false), Origin::Own);
    }

    #[test]
    fn generated_false_overrides_marker() {
        let (o, _) = OriginRules::new(
            rules(),
            &attrs(&[("", "keep.c linguist-generated=false\n")]),
            false,
        );
        assert_eq!(o.origin("keep.c", true), Origin::Own);
        assert_eq!(o.origin("other.c", true), Origin::Generated);
    }

    #[test]
    fn bad_lines_are_diagnostics() {
        let (_, diags) =
            OriginRules::new(rules(), &attrs(&[("x", "!neg linguist-vendored\n")]), false);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].subject, "x/.gitattributes:1");
    }
}
