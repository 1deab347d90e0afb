//! A parallel walk that reads only the files a caller wants, by name, and
//! hands each one's bytes to the caller's function: for commands that look
//! at one language (`unsafe` reads `.rs` files and `Cargo.toml`s).
//!
//! It walks exactly as [`crate::walk::walk`] does (same ignore rules, hidden
//! files, links), so its file set is the matching subset of `scan`'s.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::Mutex;

use ferrometer_model::Diagnostic;
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkState};

use crate::walk::{self, AttributesFile, WalkOptions};

/// What [`walk_selected`] found.
#[derive(Debug)]
pub struct Selected<T> {
    /// `(relative path, the caller's result)` for every wanted file, sorted by path.
    pub files: Vec<(String, T)>,
    /// The `.gitattributes` files, as in [`crate::walk::Tree`].
    pub attributes: Vec<AttributesFile>,
    /// Wanted files and directories that could not be read, one each.
    pub diagnostics: Vec<Diagnostic>,
}

/// Walks `root` (paths relative to `base`), reads every file whose name
/// `wanted` accepts and calls `visit(rel, name, bytes)` on it, in parallel.
pub fn walk_selected<T: Send>(
    root: &Path,
    base: &Path,
    opts: &WalkOptions,
    wanted: &(dyn Fn(&[u8]) -> bool + Sync),
    visit: Visit<'_, T>,
) -> Selected<T> {
    let shared = Shared {
        base,
        wanted,
        visit,
        out: Mutex::new(Vec::new()),
    };
    let mut builder = Builder { shared: &shared };
    walk::builder(root, opts)
        .build_parallel()
        .visit(&mut builder);
    let mut out = Selected {
        files: Vec::new(),
        attributes: Vec::new(),
        diagnostics: Vec::new(),
    };
    for part in shared
        .out
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
    {
        out.files.extend(part.files);
        out.attributes.extend(part.attributes);
        out.diagnostics.extend(part.diagnostics);
    }
    out.files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    walk::sort_attributes(&mut out.attributes);
    out.diagnostics.sort_by(|a, b| a.subject.cmp(&b.subject));
    out
}

/// The caller's function: `(relative path, file name, bytes)` to its result.
pub type Visit<'a, T> = &'a (dyn Fn(&str, &[u8], &[u8]) -> T + Sync);

struct Shared<'a, T> {
    base: &'a Path,
    wanted: &'a (dyn Fn(&[u8]) -> bool + Sync),
    visit: Visit<'a, T>,
    out: Mutex<Vec<Part<T>>>,
}

struct Part<T> {
    files: Vec<(String, T)>,
    attributes: Vec<AttributesFile>,
    diagnostics: Vec<Diagnostic>,
}

struct Builder<'s, 'a, T> {
    shared: &'s Shared<'a, T>,
}

impl<'s, T: Send> ParallelVisitorBuilder<'s> for Builder<'s, '_, T> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            shared: self.shared,
            buf: Vec::with_capacity(64 * 1024),
            part: Part {
                files: Vec::new(),
                attributes: Vec::new(),
                diagnostics: Vec::new(),
            },
        })
    }
}

struct Visitor<'s, 'a, T> {
    shared: &'s Shared<'a, T>,
    buf: Vec<u8>,
    part: Part<T>,
}

impl<T> Drop for Visitor<'_, '_, T> {
    fn drop(&mut self) {
        let part = std::mem::replace(
            &mut self.part,
            Part {
                files: Vec::new(),
                attributes: Vec::new(),
                diagnostics: Vec::new(),
            },
        );
        self.shared
            .out
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(part);
    }
}

impl<T: Send> ParallelVisitor for Visitor<'_, '_, T> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(entry) => self.entry(&entry),
            Err(err) => self.part.diagnostics.push(walk::walk_error(&err)),
        }
        WalkState::Continue
    }
}

impl<T> Visitor<'_, '_, T> {
    fn entry(&mut self, entry: &DirEntry) {
        let Some(ft) = entry.file_type() else { return };
        let path = entry.path();
        if ft.is_dir() {
            if let Some(a) = walk::read_attributes(self.shared.base, path) {
                self.part.attributes.push(a);
            }
            return;
        }
        let name = path
            .file_name()
            .map_or(&[][..], std::ffi::OsStr::as_encoded_bytes);
        if !ft.is_file() || !(self.shared.wanted)(name) {
            return;
        }
        self.buf.clear();
        let read = File::open(path).and_then(|mut f| f.read_to_end(&mut self.buf));
        match read {
            Ok(_) => {
                let rel = walk::relative(self.shared.base, path);
                let t = (self.shared.visit)(&rel, name, &self.buf);
                self.part.files.push((rel, t));
            }
            Err(err) => self.part.diagnostics.push(Diagnostic {
                subject: path.display().to_string(),
                message: format!("could not read: {err}"),
            }),
        }
    }
}
