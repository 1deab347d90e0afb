//! Parallel walk of a source tree that reads and classifies every file.
//!
//! The walk is the `ignore` crate's (ripgrep's) work-stealing parallel walk.
//! Each worker keeps its own read buffer and result list, and the lists are
//! merged once at the end: no lock or channel per file.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use ferrometer_model::{Counts, Diagnostic, Lang};
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};

use crate::count::{self, Syntax};
use crate::lang::{self, Rules};

/// How the tree is walked.
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    /// Count files that `.gitignore`, `.ignore` and git's excludes would leave out.
    pub no_ignore: bool,
    /// Walk hidden files and directories (names starting with `.`).
    pub hidden: bool,
    /// Follow symbolic links.
    pub follow_links: bool,
    /// Worker threads; 0 picks one per CPU.
    pub threads: usize,
}

/// What kind of file an entry turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A text file in a known language, counted in lines.
    Text,
    /// A NUL byte in its first block: skipped.
    Binary,
    /// A text file in no known language: counted as a file only.
    Other,
    /// It could not be read; a diagnostic says why.
    Unreadable,
}

/// One file of the tree with its counts.
#[derive(Clone, Debug)]
pub struct FileEntry {
    /// Path relative to the tree base, `/`-separated (lossy for non-UTF-8 names).
    pub rel: String,
    /// The language the file's name or `#!` line says; [`Lang::Other`] otherwise.
    pub lang: Lang,
    /// What kind of file it is.
    pub kind: FileKind,
    /// Line counts ([`FileKind::Text`] only).
    pub counts: Counts,
    /// A generated-file marker stands in its first lines.
    pub generated_marker: bool,
    /// A `.h` file with C++ constructs in its code.
    pub cpp_constructs: bool,
}

/// A `.gitattributes` file found in the tree.
#[derive(Clone, Debug)]
pub struct AttributesFile {
    /// Its directory, relative to the tree base (`""` for the base itself).
    pub dir: String,
    /// Its contents.
    pub text: Vec<u8>,
}

/// The result of a walk.
#[derive(Debug, Default)]
pub struct Tree {
    /// Every file, sorted by path.
    pub files: Vec<FileEntry>,
    /// The `.gitattributes` files, sorted by directory (shallow first).
    pub attributes: Vec<AttributesFile>,
    /// Files and directories that could not be read, one each.
    pub diagnostics: Vec<Diagnostic>,
}

/// Walks `root` (a directory or a single file) and classifies every file.
///
/// Paths are reported relative to `base`, which must be `root` or one of its
/// ancestors (the top of the repository). `progress` is called now and then
/// with the number of files done so far. Unreadable entries become
/// diagnostics; the walk never stops on one.
pub fn walk(root: &Path, base: &Path, opts: &WalkOptions, progress: &(dyn Fn(u64) + Sync)) -> Tree {
    let builder = builder(root, opts);
    let shared = Shared {
        base,
        rules: lang::rules(),
        done: AtomicU64::new(0),
        progress,
        out: Mutex::new(Vec::new()),
    };
    let mut visitors = Builder { shared: &shared };
    builder.build_parallel().visit(&mut visitors);
    let mut tree = Tree::default();
    for part in shared
        .out
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        tree.files.extend(part.files);
        tree.attributes.extend(part.attributes);
        tree.diagnostics.extend(part.diagnostics);
    }
    // Deterministic output whatever the thread count.
    tree.files.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    sort_attributes(&mut tree.attributes);
    tree.diagnostics.sort_by(|a, b| a.subject.cmp(&b.subject));
    tree
}

/// The walk every command shares: ignore files, hidden files and links as `opts` says.
pub(crate) fn builder(root: &Path, opts: &WalkOptions) -> WalkBuilder {
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(!opts.hidden)
        .follow_links(opts.follow_links)
        .threads(opts.threads)
        // .gitignore applies only inside a git repository, as in git,
        // ripgrep and tokei. A release tarball's .gitignore can say anything
        // about the tarball itself: Debian's linux-source adds `/*` to the
        // kernel's top-level .gitignore, which would hide the whole tree.
        .require_git(true)
        .git_ignore(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .git_global(!opts.no_ignore)
        .ignore(!opts.no_ignore)
        .parents(!opts.no_ignore);
    builder
}

/// Shallow directories first, then by name.
pub(crate) fn sort_attributes(attributes: &mut [AttributesFile]) {
    attributes.sort_by(|a, b| {
        let depth = |s: &str| {
            if s.is_empty() {
                0
            } else {
                s.matches('/').count() + 1
            }
        };
        (depth(&a.dir), &a.dir).cmp(&(depth(&b.dir), &b.dir))
    });
}

struct Shared<'a> {
    base: &'a Path,
    rules: &'static Rules,
    done: AtomicU64,
    progress: &'a (dyn Fn(u64) + Sync),
    out: Mutex<Vec<Part>>,
}

#[derive(Default)]
struct Part {
    files: Vec<FileEntry>,
    attributes: Vec<AttributesFile>,
    diagnostics: Vec<Diagnostic>,
}

struct Builder<'s, 'a> {
    shared: &'s Shared<'a>,
}

impl<'s> ParallelVisitorBuilder<'s> for Builder<'s, '_> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            shared: self.shared,
            buf: Vec::with_capacity(64 * 1024),
            part: Part::default(),
        })
    }
}

struct Visitor<'s, 'a> {
    shared: &'s Shared<'a>,
    buf: Vec<u8>,
    part: Part,
}

impl Drop for Visitor<'_, '_> {
    fn drop(&mut self) {
        let part = std::mem::take(&mut self.part);
        self.shared
            .out
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(part);
    }
}

impl ParallelVisitor for Visitor<'_, '_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(entry) => self.entry(&entry),
            Err(err) => self.part.diagnostics.push(walk_error(&err)),
        }
        WalkState::Continue
    }
}

impl Visitor<'_, '_> {
    fn entry(&mut self, entry: &DirEntry) {
        let Some(ft) = entry.file_type() else { return };
        let path = entry.path();
        if ft.is_dir() {
            self.attributes(path);
            return;
        }
        if !ft.is_file() {
            // Sockets, fifos and unfollowed links are not source.
            return;
        }
        let rel = relative(self.shared.base, path);
        let name = path
            .file_name()
            .map_or(&[][..], std::ffi::OsStr::as_encoded_bytes);
        let file = match classify(self.shared.rules, path, name, &mut self.buf) {
            Ok(mut f) => {
                f.rel = rel;
                f
            }
            Err(err) => {
                self.part.diagnostics.push(Diagnostic {
                    subject: path.display().to_string(),
                    message: format!("could not read: {err}"),
                });
                FileEntry {
                    rel,
                    lang: Lang::Other,
                    kind: FileKind::Unreadable,
                    counts: Counts::default(),
                    generated_marker: false,
                    cpp_constructs: false,
                }
            }
        };
        self.part.files.push(file);
        let done = self.shared.done.fetch_add(1, Ordering::Relaxed) + 1;
        if done % 1024 == 0 {
            (self.shared.progress)(done);
        }
    }

    fn attributes(&mut self, dir: &Path) {
        if let Some(a) = read_attributes(self.shared.base, dir) {
            self.part.attributes.push(a);
        }
    }
}

/// The `.gitattributes` file of `dir`, if it has one.
pub(crate) fn read_attributes(base: &Path, dir: &Path) -> Option<AttributesFile> {
    let text = std::fs::read(dir.join(".gitattributes")).ok()?;
    // The top directory is "", as rules' paths are relative to it.
    let top = dir
        .strip_prefix(base)
        .is_ok_and(|r| r.as_os_str().is_empty());
    Some(AttributesFile {
        dir: if top {
            String::new()
        } else {
            relative(base, dir)
        },
        text,
    })
}

/// Reads and classifies one file. `rel` is left empty for the caller.
fn classify(
    rules: &Rules,
    path: &Path,
    name: &[u8],
    buf: &mut Vec<u8>,
) -> std::io::Result<FileEntry> {
    buf.clear();
    let mut file = File::open(path)?;
    let mut lang = rules.by_name(name);
    if lang.is_none() {
        // Only the first block is needed to tell binary and `#!` apart.
        file.by_ref()
            .take(lang::BINARY_PROBE as u64)
            .read_to_end(buf)?;
        if !lang::is_binary(buf) {
            lang = rules.by_shebang(buf);
        }
        if lang.is_some() {
            file.read_to_end(buf)?;
        }
    } else {
        file.read_to_end(buf)?;
    }
    Ok(analyze(rules, lang, buf))
}

/// Classifies a whole file from its name and bytes (a git blob, say): the
/// name decides the language, else a `#!` line does.
#[must_use]
pub fn analyze_named(rules: &Rules, name: &[u8], buf: &[u8]) -> FileEntry {
    let lang = rules.by_name(name).or_else(|| {
        if lang::is_binary(buf) {
            None
        } else {
            rules.by_shebang(buf)
        }
    });
    analyze(rules, lang, buf)
}

/// Classifies the bytes of one file whose name says `lang` (or nothing).
#[must_use]
pub fn analyze(rules: &Rules, lang: Option<Lang>, buf: &[u8]) -> FileEntry {
    let mut f = FileEntry {
        rel: String::new(),
        lang: lang.unwrap_or(Lang::Other),
        kind: FileKind::Other,
        counts: Counts::default(),
        generated_marker: false,
        cpp_constructs: false,
    };
    if lang::is_binary(buf) {
        f.kind = FileKind::Binary;
        return f;
    }
    let Some(syntax) = lang.and_then(|l| rules.syntax(l)) else {
        return f;
    };
    f.kind = FileKind::Text;
    f.counts = count::count(syntax, buf);
    f.generated_marker = rules.is_generated(buf);
    if f.lang == Lang::CHeader && matches!(syntax, Syntax::C { .. }) {
        f.cpp_constructs = count::looks_like_cpp(buf);
    }
    f
}

/// `path` relative to `base`, `/`-separated; the file name itself when
/// `path` is `base`.
#[must_use]
pub fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let rel = if rel.as_os_str().is_empty() {
        Path::new(path.file_name().unwrap_or_default())
    } else {
        rel
    };
    let mut s = String::with_capacity(rel.as_os_str().len());
    for (i, c) in rel.components().enumerate() {
        if i > 0 {
            s.push('/');
        }
        s.push_str(&c.as_os_str().to_string_lossy());
    }
    s
}

pub(crate) fn walk_error(err: &ignore::Error) -> Diagnostic {
    // The ignore crate nests the path inside its error; pull it out so the
    // message names it first.
    fn path_of(err: &ignore::Error) -> Option<PathBuf> {
        match err {
            ignore::Error::WithPath { path, .. } => Some(path.clone()),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            ignore::Error::Loop { child, .. } => Some(child.clone()),
            _ => None,
        }
    }
    fn inner(err: &ignore::Error) -> String {
        match err {
            ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
                inner(err)
            }
            other => other.to_string(),
        }
    }
    Diagnostic {
        subject: path_of(err).map_or_else(String::new, |p| p.display().to_string()),
        message: inner(err),
    }
}
