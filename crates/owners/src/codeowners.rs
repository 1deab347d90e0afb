//! `CODEOWNERS` files, GitHub syntax (GitLab sections tolerated).
//!
//! # The file
//! One rule per line: a pattern, then owners separated by whitespace (`@user`, `@org/team`, an
//! e-mail address). Blank lines and lines starting with `#` are skipped; an owner token starting
//! with `#` starts a trailing comment. `\#` at the start of a pattern stands for a literal `#`, and
//! `\ ` for a space inside a pattern. GitLab section headers (`[Section]`, `^[Optional section]`,
//! `[Section][2]`, each maybe followed by default owners) are not rules; a rule with no owners
//! under a section with default owners takes them. A rule with no owners otherwise means "no
//! owner", and still overrides the rules above it.
//!
//! # Patterns
//! Patterns follow gitignore rules as GitHub applies them:
//! * a leading `/`, or a `/` anywhere but at the end, anchors the pattern to the root; otherwise it
//!   matches at any depth (`*.rs`, `build/`);
//! * `*` and `?` don't match `/`; `**` does (`**/logs`, `docs/**`);
//! * a pattern matches a path when it matches the path itself or one of its parent directories
//!   (`/build/logs` covers `build/logs/a/b.txt`); a pattern ending in `/` matches only through a
//!   parent directory. The exception is GitHub's documented one: a pattern whose last component
//!   is exactly `*` (`docs/*`) matches files directly in that directory, not deeper;
//! * `!` negation and `[ ]` character ranges are not supported by GitHub: such a rule is reported
//!   as a [`Diagnostic`] and skipped. `{` and `}` are literal, as in gitignore.
//!
//! The last matching rule wins. All patterns are compiled once into one `globset::GlobSet`.

use std::fmt;

use ferrometer_model::Diagnostic;
use globset::{Candidate, GlobBuilder, GlobSet, GlobSetBuilder};

/// A parsed `CODEOWNERS` file.
pub struct CodeOwners {
    rules: Vec<Rule>,
    set: GlobSet,
    /// For each glob of `set`, the rule it belongs to. Globs are added in rule order, so a
    /// larger glob index never means a smaller rule index.
    glob_rules: Vec<u32>,
}

struct Rule {
    pattern: Box<str>,
    owners: Box<str>,
}

impl CodeOwners {
    /// Parses a `CODEOWNERS` file. Never fails: lines that don't fit become [`Diagnostic`]s
    /// (subject `CODEOWNERS:<line>`) and are skipped.
    pub fn parse(text: &[u8]) -> (CodeOwners, Vec<Diagnostic>) {
        Self::parse_named(text, "CODEOWNERS")
    }

    /// [`parse`](Self::parse), with `name` as the file name in diagnostics.
    pub(crate) fn parse_named(text: &[u8], name: &str) -> (CodeOwners, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut diag = |line_no: usize, message: String| {
            diags.push(Diagnostic {
                subject: format!("{name}:{line_no}"),
                message,
            });
        };
        let mut rules = Vec::new();
        let mut globs = GlobSetBuilder::new();
        let mut glob_rules = Vec::new();
        let mut section_owners = String::new();
        for (idx, raw) in text.split(|&b| b == b'\n').enumerate() {
            let line_no = idx + 1;
            let line = String::from_utf8_lossy(raw);
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with('[') || line.starts_with("^[") {
                match section_header(line) {
                    Some(owners) => section_owners = owners,
                    None => diag(
                        line_no,
                        format!("section header `{line}` has no closing `]`"),
                    ),
                }
                continue;
            }
            let (pattern, rest) = split_pattern(line);
            let mut owners = owner_tokens(rest).collect::<Vec<_>>().join(" ");
            if owners.is_empty() {
                owners.clone_from(&section_owners);
            }
            let rule_globs = match translate(pattern) {
                Ok(globs) => globs,
                Err(why) => {
                    diag(line_no, format!("pattern `{pattern}` skipped: {why}"));
                    continue;
                }
            };
            let mut compiled = Vec::with_capacity(rule_globs.len());
            for glob in &rule_globs {
                let built = GlobBuilder::new(glob)
                    .literal_separator(true)
                    .backslash_escape(true)
                    .build();
                match built {
                    Ok(glob) => compiled.push(glob),
                    Err(err) => {
                        diag(line_no, format!("pattern `{pattern}` skipped: {err}"));
                        break;
                    }
                }
            }
            if compiled.len() != rule_globs.len() {
                continue;
            }
            let rule_idx = u32::try_from(rules.len()).expect("fewer than 2^32 rules");
            for glob in compiled {
                globs.add(glob);
                glob_rules.push(rule_idx);
            }
            rules.push(Rule {
                pattern: pattern.into(),
                owners: owners.into(),
            });
        }
        let set = match globs.build() {
            Ok(set) => set,
            // Each glob compiled alone; the combined set can only fail on a size limit.
            Err(err) => {
                diags.push(Diagnostic {
                    subject: name.to_owned(),
                    message: format!("patterns could not be combined ({err}); no rule matches"),
                });
                rules.clear();
                glob_rules.clear();
                GlobSet::empty()
            }
        };
        let owners = CodeOwners {
            rules,
            set,
            glob_rules,
        };
        (owners, diags)
    }

    /// The number of rules kept (skipped lines don't count).
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether no rule was kept.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The index of the last rule that matches `path` (relative, `/`-separated), or `None`.
    pub fn rule_of(&self, path: &str) -> Option<usize> {
        let matches = self.set.matches_candidate(&Candidate::new(path));
        // Sorted ascending, and glob order follows rule order.
        matches.last().map(|&glob| self.glob_rules[glob] as usize)
    }

    /// The owners of rule `idx`, as written and joined by one space (`@org/net @alice`); empty for
    /// a rule that gives a path no owner.
    ///
    /// # Panics
    /// If `idx >= self.len()`.
    pub fn owners_of_rule(&self, idx: usize) -> &str {
        &self.rules[idx].owners
    }

    /// The pattern of rule `idx`, as written.
    ///
    /// # Panics
    /// If `idx >= self.len()`.
    pub fn pattern_of_rule(&self, idx: usize) -> &str {
        &self.rules[idx].pattern
    }
}

impl fmt::Debug for CodeOwners {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CodeOwners")
            .field("rules", &self.rules.len())
            .field("globs", &self.glob_rules.len())
            .finish_non_exhaustive()
    }
}

/// The default owners of a GitLab section header line (`[Name]`, `^[Name][2] @owner`), or `None`
/// when the name has no closing bracket.
fn section_header(line: &str) -> Option<String> {
    let line = line.strip_prefix('^').unwrap_or(line);
    let close = line.find(']')?;
    let mut rest = &line[close + 1..];
    // An optional approval count: `[2]`.
    if let Some(count) = rest.strip_prefix('[') {
        if let Some(end) = count.find(']') {
            if count[..end].bytes().all(|b| b.is_ascii_digit()) {
                rest = &count[end + 1..];
            }
        }
    }
    Some(owner_tokens(rest).collect::<Vec<_>>().join(" "))
}

/// Splits a rule line at the first whitespace not escaped by a backslash.
fn split_pattern(line: &str) -> (&str, &str) {
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c.is_whitespace() {
            return (&line[..i], &line[i..]);
        }
    }
    (line, "")
}

/// The owner tokens of the text after a pattern, up to a `#` comment.
fn owner_tokens(rest: &str) -> impl Iterator<Item = &str> {
    rest.split_whitespace().take_while(|t| !t.starts_with('#'))
}

/// The globs (for `globset`, with `literal_separator`) whose union means `pattern`, or why the
/// pattern is not supported.
fn translate(pattern: &str) -> Result<Vec<String>, &'static str> {
    if pattern.starts_with('!') {
        return Err("`!` negation is not supported by GitHub");
    }
    let bytes = pattern.as_bytes();
    let mut escaped = false;
    for &b in bytes {
        if escaped {
            escaped = false;
        } else if b == b'\\' {
            escaped = true;
        } else if b == b'[' || b == b']' {
            return Err("`[ ]` character ranges are not supported by GitHub");
        }
    }
    // gitignore has no `{a,b}` alternation: make braces literal for globset.
    let mut text = String::with_capacity(pattern.len() + 4);
    let mut escaped = false;
    for c in pattern.chars() {
        if !escaped && (c == '{' || c == '}') {
            text.push('\\');
        }
        escaped = !escaped && c == '\\';
        text.push(c);
    }
    let rooted = text.starts_with('/');
    let body = text.trim_start_matches('/');
    let dir_only = body.ends_with('/');
    let body = body.trim_end_matches('/');
    if body.is_empty() || body == "**" {
        // `/`, `**`, `/**/`: the whole tree.
        return Ok(vec!["**".to_owned()]);
    }
    let anchored = rooted || body.contains('/');
    let base = if anchored || body.starts_with("**/") {
        body.to_owned()
    } else {
        format!("**/{body}")
    };
    let mut globs = Vec::with_capacity(2);
    if !dir_only {
        globs.push(base.clone());
    }
    // GitHub: `docs/*` matches `docs/a.md` but not `docs/sub/b.md`.
    let last_is_star = base.rsplit('/').next() == Some("*");
    if dir_only || !last_is_star {
        globs.push(format!("{base}/**"));
    }
    Ok(globs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> CodeOwners {
        let (owners, diags) = CodeOwners::parse(text.as_bytes());
        assert!(diags.is_empty(), "{diags:?}");
        owners
    }

    /// The owners of `path`, or `-` when no rule matches.
    fn owner<'a>(owners: &'a CodeOwners, path: &str) -> &'a str {
        owners
            .rule_of(path)
            .map_or("-", |r| owners.owners_of_rule(r))
    }

    fn check(text: &str, cases: &[(&str, &str)]) {
        let owners = parse(text);
        for &(path, want) in cases {
            assert_eq!(owner(&owners, path), want, "path {path}");
        }
    }

    #[test]
    fn anchoring() {
        check(
            "/top.txt @root\nsrc/main.c @src\nnotes @notes\n",
            &[
                ("top.txt", "@root"),
                ("sub/top.txt", "-"),
                ("src/main.c", "@src"),
                ("lib/src/main.c", "-"),
                ("notes", "@notes"),
                ("a/b/notes", "@notes"),
                ("notes/today.md", "@notes"),
                ("a/notes/today.md", "@notes"),
            ],
        );
    }

    #[test]
    fn extension_at_any_depth() {
        check(
            "*.rs @rust\n",
            &[
                ("main.rs", "@rust"),
                ("crates/x/src/lib.rs", "@rust"),
                ("main.rs.bak", "-"),
                ("main.c", "-"),
            ],
        );
    }

    #[test]
    fn directories() {
        check(
            "docs/ @writers\n/root-only/ @r\n**/build/ @ci\n",
            &[
                ("docs/a.md", "@writers"),
                ("docs/deep/b.md", "@writers"),
                ("sub/docs/c.md", "@writers"),
                ("docs", "-"),
                ("root-only/x", "@r"),
                ("a/root-only/x", "-"),
                ("build/out.o", "@ci"),
                ("x/y/build/out.o", "@ci"),
                ("build", "-"),
                ("builder/x", "-"),
            ],
        );
    }

    #[test]
    fn stars_and_double_stars() {
        check(
            "docs/* @one-level\n/src/**/test_*.c @tests\n**/logs @logs\napps/*.md @md\nfoo?.c @q\n\
             /lib/** @lib\n",
            &[
                ("docs/a.md", "@one-level"),
                ("docs/sub/b.md", "-"),
                ("src/test_a.c", "@tests"),
                ("src/x/y/test_b.c", "@tests"),
                ("src/x/test_b.h", "-"),
                ("logs/a", "@logs"),
                ("a/b/logs/c/d", "@logs"),
                ("apps/readme.md", "@md"),
                ("apps/x/readme.md", "-"),
                ("foo1.c", "@q"),
                ("a/foo22.c", "-"),
                ("lib/a", "@lib"),
                ("lib/a/b/c", "@lib"),
                ("lib", "-"),
            ],
        );
    }

    #[test]
    fn last_match_wins() {
        let owners = parse("* @everyone\n*.c @c-team\n/drivers/ @drivers\n/drivers/legacy/\n");
        assert_eq!(owner(&owners, "README"), "@everyone");
        assert_eq!(owner(&owners, "lib/x.c"), "@c-team");
        assert_eq!(owner(&owners, "drivers/x.c"), "@drivers");
        // The last rule matches but names nobody.
        assert_eq!(owners.rule_of("drivers/legacy/old.c"), Some(3));
        assert_eq!(owner(&owners, "drivers/legacy/old.c"), "");
    }

    #[test]
    fn comments_owners_and_escapes() {
        let owners = parse(
            "# a comment\n\n  \n\\#hash.txt @hash   # trailing\nmy\\ file.txt @space   @two\n*.md docs@example.com\n",
        );
        assert_eq!(owners.len(), 3);
        assert_eq!(owner(&owners, "#hash.txt"), "@hash");
        assert_eq!(owner(&owners, "a/#hash.txt"), "@hash");
        assert_eq!(owner(&owners, "my file.txt"), "@space @two");
        assert_eq!(owner(&owners, "x/y.md"), "docs@example.com");
        assert_eq!(owners.pattern_of_rule(0), "\\#hash.txt");
    }

    #[test]
    fn braces_are_literal() {
        check(
            "{a,b}.txt @brace\n",
            &[("{a,b}.txt", "@brace"), ("a.txt", "-")],
        );
    }

    #[test]
    fn gitlab_sections() {
        let owners = parse(
            "* @all\n[Docs] @doc-team\ndocs/\n*.md @md-only\n^[Optional][2] @opt\ntools/\n[Empty]\nlib/\n",
        );
        assert_eq!(owner(&owners, "x.c"), "@all");
        assert_eq!(owner(&owners, "docs/a.txt"), "@doc-team");
        assert_eq!(owner(&owners, "docs/a.md"), "@md-only");
        assert_eq!(owner(&owners, "tools/t.py"), "@opt");
        assert_eq!(owner(&owners, "lib/l.c"), "");
    }

    #[test]
    fn unsupported_syntax_is_diagnosed_and_skipped() {
        let text = "* @all\n!secret.txt @nobody\n*.[ch] @c\n[Unclosed\n/ok/ @ok\n";
        let (owners, diags) = CodeOwners::parse(text.as_bytes());
        let lines: Vec<&str> = diags.iter().map(|d| d.subject.as_str()).collect();
        assert_eq!(lines, ["CODEOWNERS:2", "CODEOWNERS:3", "CODEOWNERS:4"]);
        assert!(diags[0].message.contains("negation"), "{:?}", diags[0]);
        assert!(diags[1].message.contains("ranges"), "{:?}", diags[1]);
        assert_eq!(owners.len(), 2);
        assert_eq!(owner(&owners, "secret.txt"), "@all");
        assert_eq!(owner(&owners, "a.c"), "@all");
        assert_eq!(owner(&owners, "ok/x"), "@ok");
    }

    #[test]
    fn whole_tree_patterns() {
        for pattern in ["*", "/", "**", "/**", "/**/"] {
            let owners = parse(&format!("{pattern} @x\n"));
            for path in ["a", "a/b", "a/b/c.d"] {
                assert_eq!(owner(&owners, path), "@x", "{pattern} vs {path}");
            }
        }
    }

    #[test]
    fn crlf_and_invalid_utf8() {
        let (owners, diags) = CodeOwners::parse(b"*.c @c\r\n/\xff/ @bad\r\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(owner(&owners, "a.c"), "@c");
        assert_eq!(owner(&owners, "\u{fffd}/x"), "@bad");
    }

    #[test]
    fn empty_file() {
        let owners = parse("");
        assert!(owners.is_empty());
        assert_eq!(owners.rule_of("a"), None);
    }

    proptest::proptest! {
        #[test]
        fn random_input_never_panics(text in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
                                     path in "[a-z/.*?#\\[\\] ]{0,30}") {
            let (owners, _) = CodeOwners::parse(&text);
            if let Some(rule) = owners.rule_of(&path) {
                let _ = owners.owners_of_rule(rule);
            }
        }

        #[test]
        fn random_rule_lines_never_panic(text in "([/a-z*?!#\\\\\\[\\]{}^ @.]{0,20}\n){0,10}",
                                         path in "[a-z/.]{0,20}") {
            let (owners, _) = CodeOwners::parse(text.as_bytes());
            if let Some(rule) = owners.rule_of(&path) {
                proptest::prop_assert!(rule < owners.len());
            }
        }
    }
}
