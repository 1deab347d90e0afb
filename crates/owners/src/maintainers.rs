//! Kernel `MAINTAINERS` files, matched as `scripts/get_maintainer.pl` matches them.
//!
//! # The file
//! Lines of the form `T:<whitespace>value` (`T` an upper-case letter) are *entries*; blank lines
//! and lines starting with `#` are ignored; every other line is a *title*. A section is a run of
//! entries (blank and comment lines don't break it), named by the title just before it. So the
//! free text before the first entry is skipped, and of two title lines in a row the second names
//! the section. This is get_maintainer.pl's `find_first_section`/`find_starting_index`/
//! `find_ending_index` walk, restated.
//!
//! # Matching
//! * `F:`/`X:` values become regexes as get_maintainer.pl makes them: `.` → `\.`, `*` → `.*`,
//!   `?` → `.`; other characters keep their regex meaning. When the result names a directory (the
//!   `is_dir` callback, get_maintainer.pl's `-d`) and lacks a trailing `/`, one is added.
//! * A pattern ending in `/` matches every path that starts with it. Any other pattern must match
//!   at the start of the path (the regex is not anchored at the end, so `foo.c` also matches
//!   `foo.c.orig`), and the path must contain as many `/` as the pattern.
//! * A section with a matching `X:` pattern is out, whatever else matches.
//! * `N:` values are regexes (Perl `/x`: whitespace is ignored) that may match anywhere in the path.
//! * Depth: an `F:` match scores the number of `/` in the pattern, plus one if it doesn't end in
//!   `/`, or -1 if it starts with `*` (THE REST); an `N:` match scores 0. When several entries of
//!   one section match, the *best* one sets the section's depth, so the most specific `F:` wins.
//!   Here we part from get_maintainer.pl, which overwrites `$hash{$tvi}` at each match so that a
//!   later, vaguer line (usually an `N:`) lowers a section's score; see `docs/owners.md`.
//! * [`Maintainers::section_of`] picks the deepest section. get_maintainer.pl prints every matching
//!   section, deepest first, and orders equal depths at random (it sorts Perl hash keys); we
//!   need one answer, so a tie goes to the section that comes first in the file.
//!
//! # Speed
//! A kernel `MAINTAINERS` has ~3,000 sections and ~8,000 `F:`/`X:` patterns; testing them all for
//! each of ~90,000 files would take minutes. The `index` module files every pattern under the
//! directory its literal beginning names (`drivers/net/phy/bcm*.c` under `drivers/net/phy/`, `*`
//! under the root) and the rest of that literal, and a path only tests the few patterns filed
//! under its own directories whose literal it continues. A plain pattern is then fully checked
//! (only its number of `/` is left to compare), `*`/`?` patterns use a small wildcard matcher,
//! and only the rest use `regex`; the `N:` regexes are one `RegexSet`.
//! [`Maintainers::section_of_reference`] keeps the slow loop over every entry, for tests that
//! check the index against it.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use ferrometer_model::Diagnostic;
use regex::{Regex, RegexBuilder};

use index::{DirIndex, Filing};
use names::NameSet;
use pattern::{Matcher, Pattern, Shape};

mod index;
mod names;
mod pattern;
#[cfg(test)]
mod tests;

/// A parsed `MAINTAINERS` file, indexed for [`section_of`](Maintainers::section_of).
pub struct Maintainers {
    sections: Vec<Section>,
    /// Every `F:`, `X:` and `N:` entry, in file order (so sections own contiguous ranges).
    entries: Vec<Entry>,
    /// The `F:`/`X:` entries as the index tests them.
    patterns: Vec<Pattern>,
    /// Which patterns a path has to test.
    index: DirIndex,
    /// The usable `N:` regexes.
    names: Option<NameSet>,
    /// One regex per entry, compiled on first use by the reference matcher.
    reference: OnceLock<Vec<Option<Regex>>>,
}

/// A section that matches a path, with the depth get_maintainer.pl gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SectionMatch {
    /// Index of the section, for [`Maintainers::section_name`].
    pub section: usize,
    /// How specific the match is: higher is more specific; THE REST is -1, an `N:` match 0.
    pub depth: i32,
}

struct Section {
    name: Box<str>,
    entries: Range<u32>,
}

struct Entry {
    kind: Kind,
    section: u32,
    /// The converted regex for `F:`/`X:`, the value as written for `N:`.
    value: Box<str>,
    /// The regex compiled (and, for `N:`, is not empty).
    usable: bool,
    depth: i32,
    slashes: u32,
    prefix_only: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    File,
    Exclude,
    Name,
}

/// One matching entry, found while answering a query.
#[derive(Clone, Copy, Debug, Default)]
struct Hit {
    section: u32,
    entry: u32,
    depth: i32,
    exclude: bool,
}

/// The hits of one query. A path matches a handful of entries, so they live on the stack unless
/// there are more than [`Hits::INLINE`].
#[derive(Default)]
struct Hits {
    inline: [Hit; Hits::INLINE],
    len: usize,
    spilled: Vec<Hit>,
}

impl Hits {
    const INLINE: usize = 8;

    fn push(&mut self, hit: Hit) {
        if self.len < Self::INLINE {
            self.inline[self.len] = hit;
            self.len += 1;
        } else {
            if self.spilled.is_empty() {
                self.spilled.extend_from_slice(&self.inline);
            }
            self.spilled.push(hit);
        }
    }

    fn as_mut_slice(&mut self) -> &mut [Hit] {
        if self.spilled.is_empty() {
            &mut self.inline[..self.len]
        } else {
            &mut self.spilled
        }
    }
}

impl Maintainers {
    /// Parses a `MAINTAINERS` file.
    ///
    /// `is_dir(path)` answers whether a relative path is a directory in the tree: get_maintainer.pl
    /// adds a trailing slash to an `F:`/`X:` pattern that names an existing directory. Like
    /// get_maintainer.pl's `-d`, it is asked about the pattern *after* the glob conversion, so a
    /// value containing `.`, `*` or `?` is asked as `a\.b` or `a.*` and normally isn't one.
    ///
    /// Never fails: lines that don't fit become [`Diagnostic`]s (subject `MAINTAINERS:<line>`)
    /// and are read the way get_maintainer.pl reads them.
    pub fn parse(text: &[u8], is_dir: &dyn Fn(&str) -> bool) -> (Maintainers, Vec<Diagnostic>) {
        Self::parse_named(text, "MAINTAINERS", is_dir)
    }

    /// [`parse`](Self::parse), with `name` as the file name in diagnostics.
    pub(crate) fn parse_named(
        text: &[u8],
        name: &str,
        is_dir: &dyn Fn(&str) -> bool,
    ) -> (Maintainers, Vec<Diagnostic>) {
        let mut builder = Builder::new(name, is_dir);
        // The last title line, waiting for the entries it names.
        let mut title: Option<Box<str>> = None;
        // Whether a section is open: the last non-blank, non-comment line was an entry.
        let mut in_section = false;
        // Whether the line just above (blank lines count) was an entry.
        let mut after_entry = false;
        for (idx, raw) in text.split(|&b| b == b'\n').enumerate() {
            let line_no = u32::try_from(idx + 1).unwrap_or(u32::MAX);
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            let line = String::from_utf8_lossy(raw);
            if let Cow::Owned(_) = line {
                builder.diag(
                    line_no,
                    "line is not valid UTF-8; invalid bytes were replaced",
                );
            }
            if let Some(entry) = split_entry(&line) {
                if !in_section {
                    // Only entries before any title line have no title; get_maintainer.pl then
                    // names their section by the first of them.
                    let name = title.take().unwrap_or_else(|| line.as_ref().into());
                    builder.open_section(&name);
                    in_section = true;
                }
                builder.add_entry(line_no, &entry);
                after_entry = true;
            } else if is_blank_or_comment(&line) {
                if line.bytes().all(is_perl_space) {
                    after_entry = false;
                }
            } else {
                if after_entry {
                    builder.diag(
                        line_no,
                        &format!(
                            "`{}` is not a `T:\\tvalue` entry; like get_maintainer.pl, \
                             it is read as the title of a new section",
                            shorten(&line)
                        ),
                    );
                }
                in_section = false;
                after_entry = false;
                title = Some(line.as_ref().into());
            }
        }
        builder.finish()
    }

    /// The number of sections.
    pub fn len(&self) -> usize {
        self.sections.len()
    }

    /// Whether the file has no sections.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// The title line of section `idx`, e.g. `NETWORKING DRIVERS`.
    ///
    /// # Panics
    /// If `idx >= self.len()`.
    pub fn section_name(&self, idx: usize) -> &str {
        &self.sections[idx].name
    }

    /// The most specific section for `path` (relative, `/`-separated), or `None` when no section
    /// matches. Ties go to the section that comes first in the file.
    pub fn section_of(&self, path: &str) -> Option<usize> {
        let mut hits = Hits::default();
        self.collect_hits(path, &mut hits);
        let mut best: Option<SectionMatch> = None;
        for found in resolve(hits.as_mut_slice()) {
            // Sections come in file order, so `>` keeps the first of equal depths.
            if best.is_none_or(|b| found.depth > b.depth) {
                best = Some(found);
            }
        }
        best.map(|b| b.section)
    }

    /// Every section that matches `path`, most specific first (equal depths in file order): the
    /// sections `get_maintainer.pl --sections -f path` prints, up to its random order of ties.
    pub fn sections_of(&self, path: &str) -> Vec<SectionMatch> {
        let mut hits = Hits::default();
        self.collect_hits(path, &mut hits);
        let mut found: Vec<SectionMatch> = resolve(hits.as_mut_slice()).collect();
        found.sort_by_key(|m| (std::cmp::Reverse(m.depth), m.section));
        found
    }

    /// The answer of [`section_of`](Self::section_of) computed the slow way: every entry of every
    /// section, in file order, tested with the regex get_maintainer.pl would build, as its loop
    /// does. Compiles every pattern on first use (about a second for the kernel's file). It exists
    /// so tests, and the `attribute` example's `--verify`, can check the index.
    pub fn section_of_reference(&self, path: &str) -> Option<usize> {
        let regexes = self.reference.get_or_init(|| self.compile_reference());
        let path_slashes = count_slashes(path);
        let mut best: Option<SectionMatch> = None;
        for (section_idx, section) in self.sections.iter().enumerate() {
            let range = section.entries.start as usize..section.entries.end as usize;
            let entries = self.entries[range.clone()].iter().zip(&regexes[range]);
            let matches = |entry: &Entry, re: &Option<Regex>| {
                let Some(re) = re else {
                    return false;
                };
                match entry.kind {
                    Kind::Name => re.is_match(path),
                    Kind::File | Kind::Exclude => {
                        re.is_match(path) && (entry.prefix_only || entry.slashes == path_slashes)
                    }
                }
            };
            if entries
                .clone()
                .any(|(e, re)| e.kind == Kind::Exclude && matches(e, re))
            {
                continue;
            }
            let mut depth = None;
            for (entry, re) in entries {
                if entry.kind != Kind::Exclude && matches(entry, re) {
                    depth = Some(depth.map_or(entry.depth, |d: i32| d.max(entry.depth)));
                }
            }
            if let Some(depth) = depth {
                if best.is_none_or(|b| depth > b.depth) {
                    best = Some(SectionMatch {
                        section: section_idx,
                        depth,
                    });
                }
            }
        }
        best.map(|b| b.section)
    }

    fn compile_reference(&self) -> Vec<Option<Regex>> {
        self.entries
            .iter()
            .map(|entry| {
                if !entry.usable {
                    return None;
                }
                match entry.kind {
                    Kind::Name => RegexBuilder::new(&entry.value)
                        .ignore_whitespace(true)
                        .build()
                        .ok(),
                    Kind::File | Kind::Exclude => Regex::new(&format!("^{}", entry.value)).ok(),
                }
            })
            .collect()
    }

    /// Pushes every matching `F:`, `X:` and `N:` entry onto `hits`.
    fn collect_hits(&self, path: &str, hits: &mut Hits) {
        let path_slashes = count_slashes(path);
        let name_start = path
            .bytes()
            .rposition(|b| b == b'/')
            .map_or(0, |slash| slash + 1);
        let file_name = &path[name_start..];
        self.index.candidates(path, path_slashes, |id| {
            let pattern = &self.patterns[id as usize];
            if pattern.is_match(path, path_slashes, file_name) {
                hits.push(Hit {
                    section: pattern.section,
                    entry: pattern.entry,
                    depth: pattern.depth,
                    exclude: pattern.exclude,
                });
            }
        });
        if let Some(names) = &self.names {
            names.matches(path, |entry| {
                hits.push(Hit {
                    section: self.entries[entry as usize].section,
                    entry,
                    depth: 0,
                    exclude: false,
                });
            });
        }
    }
}

impl fmt::Debug for Maintainers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Maintainers")
            .field("sections", &self.sections.len())
            .field("patterns", &self.patterns.len())
            .field("names", &self.names.is_some())
            .field("dirs", &self.index.len())
            .finish_non_exhaustive()
    }
}

/// Turns the hits of one path into one match per section (in section order): sections with a
/// matching `X:` drop out, and the best matching entry of a section sets its depth.
fn resolve(hits: &mut [Hit]) -> impl Iterator<Item = SectionMatch> + '_ {
    hits.sort_unstable_by_key(|h| (h.section, h.entry));
    hits.chunk_by(|a, b| a.section == b.section)
        .filter(|group| !group.iter().any(|h| h.exclude))
        .filter_map(|group| {
            let best = group.iter().max_by_key(|h| h.depth)?;
            Some(SectionMatch {
                section: best.section as usize,
                depth: best.depth,
            })
        })
}

/// An entry line split into its tag, its value, and whether whitespace separated them.
struct EntryLine<'a> {
    tag: u8,
    value: &'a str,
    spaced: bool,
}

/// get_maintainer.pl's `m/^([A-Z]):\s*(.*)/`.
fn split_entry(line: &str) -> Option<EntryLine<'_>> {
    let bytes = line.as_bytes();
    if bytes.len() < 2 || !bytes[0].is_ascii_uppercase() || bytes[1] != b':' {
        return None;
    }
    let rest = &line[2..];
    let value = rest.trim_start_matches(|c: char| c.is_ascii() && is_perl_space(c as u8));
    Some(EntryLine {
        tag: bytes[0],
        value,
        spaced: value.len() < rest.len(),
    })
}

/// get_maintainer.pl drops lines matching `^\s*$` or `^\s*#`.
fn is_blank_or_comment(line: &str) -> bool {
    let rest = line.trim_start_matches(|c: char| c.is_ascii() && is_perl_space(c as u8));
    rest.is_empty() || rest.starts_with('#')
}

/// Perl's `\s` on a byte string.
fn is_perl_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

fn count_slashes(s: &str) -> u32 {
    u32::try_from(s.bytes().filter(|&b| b == b'/').count()).unwrap_or(u32::MAX)
}

/// A line, cut to a length fit for a one-line diagnostic.
fn shorten(line: &str) -> Cow<'_, str> {
    const MAX: usize = 60;
    match line.char_indices().nth(MAX) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &line[..cut])),
        None => Cow::Borrowed(line),
    }
}

/// The last line of an error's message: the regex crate's errors repeat the pattern above it.
fn one_line(err: &dyn fmt::Display) -> String {
    let text = err.to_string();
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_owned()
}

struct Builder<'a> {
    name: &'a str,
    is_dir: &'a dyn Fn(&str) -> bool,
    sections: Vec<Section>,
    entries: Vec<Entry>,
    patterns: Vec<Pattern>,
    index: DirIndex,
    /// `(entry, line)` of each `N:` entry with a non-empty value.
    names: Vec<(u32, u32)>,
    diags: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    fn new(name: &'a str, is_dir: &'a dyn Fn(&str) -> bool) -> Self {
        Builder {
            name,
            is_dir,
            sections: Vec::new(),
            entries: Vec::new(),
            patterns: Vec::new(),
            index: DirIndex::default(),
            names: Vec::new(),
            diags: Vec::new(),
        }
    }

    fn diag(&mut self, line_no: u32, message: &str) {
        self.diags.push(Diagnostic {
            subject: format!("{}:{line_no}", self.name),
            message: message.to_owned(),
        });
    }

    fn open_section(&mut self, name: &str) {
        let at = self.entry_count();
        self.sections.push(Section {
            name: name.trim_end().into(),
            entries: at..at,
        });
    }

    fn entry_count(&self) -> u32 {
        u32::try_from(self.entries.len()).expect("fewer than 2^32 entries")
    }

    fn add_entry(&mut self, line_no: u32, line: &EntryLine<'_>) {
        if !line.spaced && !line.value.is_empty() {
            self.diag(
                line_no,
                &format!(
                    "no tab after `{}:`; read as `{}:\\t{}`",
                    line.tag as char,
                    line.tag as char,
                    shorten(line.value)
                ),
            );
        }
        match line.tag {
            b'F' => self.add_pattern(line_no, line.value, false),
            b'X' => self.add_pattern(line_no, line.value, true),
            b'N' => self.add_name(line_no, line.value),
            _ => {}
        }
    }

    fn push_entry(&mut self, entry: Entry) -> u32 {
        let id = self.entry_count();
        self.entries.push(entry);
        let section = self
            .sections
            .last_mut()
            .expect("entries only come inside a section");
        section.entries.end = id + 1;
        id
    }

    fn current_section(&self) -> u32 {
        u32::try_from(self.sections.len() - 1).expect("fewer than 2^32 sections")
    }

    fn add_pattern(&mut self, line_no: u32, raw: &str, exclude: bool) {
        let tag = if exclude { 'X' } else { 'F' };
        if raw.is_empty() {
            self.diag(
                line_no,
                &format!("empty {tag}: pattern; like get_maintainer.pl, it matches files at the top level"),
            );
        }
        let mut regex = pattern::convert(raw);
        let mut literal = raw.to_owned();
        if !regex.is_empty() && !regex.ends_with('/') && (self.is_dir)(&regex) {
            regex.push('/');
            literal.push('/');
        }
        let slashes = count_slashes(&regex);
        let prefix_only = regex.ends_with('/');
        let depth = if regex.starts_with(".*") {
            -1
        } else {
            i32::try_from(slashes).unwrap_or(i32::MAX - 1) + i32::from(!prefix_only)
        };
        let shape = pattern::shape(&literal);
        let last = match shape {
            Shape::Literal | Shape::Glob => pattern::last_component_literal(&literal),
            Shape::Regex => "",
        };
        // The index checks that a path starts with the literal beginning, dir and rest.
        let (dir, rest) = pattern::split_literal(&literal);
        let skip = dir.len() + rest.len();
        let matcher = match shape {
            Shape::Literal => Matcher::Verified,
            Shape::Glob => pattern::glob_matcher(&literal[skip..], prefix_only),
            Shape::Regex => match Regex::new(&format!("^{regex}")) {
                Ok(re) => Matcher::Regex(re),
                Err(err) => {
                    self.diag(
                        line_no,
                        &format!(
                            "{tag}: pattern `{}` is not a valid regex ({}); it never matches",
                            shorten(raw),
                            one_line(&err)
                        ),
                    );
                    Matcher::Never
                }
            },
        };
        let usable = !matches!(matcher, Matcher::Never);
        let section = self.current_section();
        let entry = self.push_entry(Entry {
            kind: if exclude { Kind::Exclude } else { Kind::File },
            section,
            value: regex.into(),
            usable,
            depth,
            slashes,
            prefix_only,
        });
        if !usable {
            return;
        }
        let id = u32::try_from(self.patterns.len()).expect("fewer than 2^32 patterns");
        self.patterns.push(Pattern {
            entry,
            section,
            exclude,
            prefix_only,
            slashes,
            depth,
            skip: u32::try_from(skip).expect("a pattern shorter than 4 GiB"),
            matcher,
        });
        let filing = Filing {
            dir,
            rest,
            exact: (!prefix_only).then_some((slashes, last)),
        };
        self.index.insert(filing, id);
    }

    fn add_name(&mut self, line_no: u32, value: &str) {
        let usable = !value.is_empty();
        if !usable {
            self.diag(line_no, "empty N: regex; it never matches");
        }
        let section = self.current_section();
        let entry = self.push_entry(Entry {
            kind: Kind::Name,
            section,
            value: value.into(),
            usable,
            depth: 0,
            slashes: 0,
            prefix_only: false,
        });
        if usable {
            self.names.push((entry, line_no));
        }
    }

    fn finish(mut self) -> (Maintainers, Vec<Diagnostic>) {
        self.index.finish();

        let names = self.compile_names();
        let maintainers = Maintainers {
            sections: self.sections,
            entries: self.entries,
            patterns: self.patterns,
            index: self.index,
            names,
            reference: OnceLock::new(),
        };
        (maintainers, self.diags)
    }

    /// Builds the `N:` regex set. A set can't say which pattern broke it, so on failure each
    /// pattern is compiled alone to find (and report) the bad ones.
    fn compile_names(&mut self) -> Option<NameSet> {
        if self.names.is_empty() {
            return None;
        }
        let pairs = |entries: &[Entry], ids: &mut dyn Iterator<Item = u32>| -> Vec<(u32, String)> {
            ids.map(|e| (e, entries[e as usize].value.to_string()))
                .collect()
        };
        let build = |pairs: &[(u32, String)]| {
            let borrowed: Vec<(u32, &str)> = pairs.iter().map(|(e, v)| (*e, v.as_str())).collect();
            NameSet::new(&borrowed)
        };
        let all = pairs(
            &self.entries,
            &mut self.names.iter().map(|&(entry, _)| entry),
        );
        if let Ok(set) = build(&all) {
            return Some(set);
        }
        let mut good = Vec::new();
        for &(entry, line_no) in &self.names.clone() {
            let value = &*self.entries[entry as usize].value;
            match RegexBuilder::new(value).ignore_whitespace(true).build() {
                Ok(_) => good.push(entry),
                Err(err) => {
                    let message = format!(
                        "N: regex `{}` does not compile ({}); it never matches",
                        shorten(value),
                        one_line(&err)
                    );
                    self.diag(line_no, &message);
                    self.entries[entry as usize].usable = false;
                }
            }
        }
        if good.is_empty() {
            return None;
        }
        match build(&pairs(&self.entries, &mut good.iter().copied())) {
            Ok(set) => Some(set),
            // Each compiles alone but not together (a size limit): give up on N: entirely.
            Err(err) => {
                self.diags.push(Diagnostic {
                    subject: self.name.to_owned(),
                    message: format!(
                        "N: regexes could not be combined ({}); they never match",
                        one_line(&err)
                    ),
                });
                for &entry in &good {
                    self.entries[entry as usize].usable = false;
                }
                None
            }
        }
    }
}
