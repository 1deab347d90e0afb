//! Who owns a path: the subsystem a file belongs to, for grouping a footprint.
//!
//! Three sources, tried in this order by [`Owners::discover`]:
//! 1. a kernel-style `MAINTAINERS` file at the root, matched with the rules of the kernel's
//!    `scripts/get_maintainer.pl` ([`Maintainers`]); the group is the section title;
//! 2. a `CODEOWNERS` file in `.github/`, the root, `docs/` or `.gitlab/` ([`CodeOwners`]); the
//!    group is the owners of the last matching rule;
//! 3. otherwise the top-level directory ([`Owners::TopDir`]), `(root)` for files at the root.
//!
//! Parsers take bytes, not files, so the same code serves a tree on disk and a git blob. Malformed
//! content is never an error: it comes back as [`Diagnostic`]s and parsing goes on. The matching
//! rules, and how ties are broken, are written up in `docs/owners.md`.
//!
//! Paths given to the matchers are relative to the tree's root, `/`-separated, without a leading
//! `./`.
//!
//! ```
//! use ferrometer_owners::{Maintainers, Owners};
//!
//! let text = b"\
//! WIDGET CORE
//! M:\tAda <ada@example.org>
//! F:\tdrivers/widget/
//!
//! WIDGET FROBNICATOR
//! F:\tdrivers/widget/frob*.c
//!
//! THE REST
//! F:\t*
//! F:\t*/
//! ";
//! let is_dir = |path: &str| path == "drivers/widget";
//! let (maintainers, diagnostics) = Maintainers::parse(text, &is_dir);
//! assert!(diagnostics.is_empty());
//! let owners = Owners::Maintainers(maintainers);
//! assert_eq!(owners.group_of("drivers/widget/frob2.c"), Some("WIDGET FROBNICATOR"));
//! assert_eq!(owners.group_of("drivers/widget/gear.c"), Some("WIDGET CORE"));
//! assert_eq!(owners.group_of("README"), Some("THE REST"));
//!
//! assert_eq!(Owners::TopDir.group_of("fs/ext4/inode.c"), Some("fs"));
//! assert_eq!(Owners::TopDir.group_of("Makefile"), Some("(root)"));
//! ```
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

use ferrometer_model::Diagnostic;

pub use codeowners::CodeOwners;
pub use maintainers::{Maintainers, SectionMatch};

mod codeowners;
mod hash;
mod maintainers;

/// Where a tree's ownership comes from.
#[derive(Debug)]
pub enum Owners {
    /// A kernel `MAINTAINERS` file: groups are section titles.
    Maintainers(Maintainers),
    /// A `CODEOWNERS` file: groups are the owners of the last matching rule.
    CodeOwners(CodeOwners),
    /// No ownership file: groups are top-level directories.
    TopDir,
}

/// An ownership file exists but could not be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading the file failed.
    #[error("could not read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// The group of files at the root, for [`Owners::TopDir`].
pub const ROOT_GROUP: &str = "(root)";

/// Where [`Owners::discover`] looks for a `CODEOWNERS` file, in order (GitHub's order, then
/// GitLab's extra location).
pub const CODEOWNERS_LOCATIONS: [&str; 4] = [
    ".github/CODEOWNERS",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    ".gitlab/CODEOWNERS",
];

impl Owners {
    /// Finds the ownership file of a tree on disk: `MAINTAINERS` at the root; else the first
    /// `CODEOWNERS` of [`CODEOWNERS_LOCATIONS`]; else [`Owners::TopDir`]. Returns the file used
    /// and the diagnostics of its parse (subjects are `<file>:<line>`).
    ///
    /// # Errors
    /// [`Error::Read`] when a file exists but can't be read. A malformed file is not an error.
    pub fn discover(root: &Path) -> Result<(Owners, Option<PathBuf>, Vec<Diagnostic>), Error> {
        let failed = std::cell::RefCell::new(None);
        let found = Owners::discover_in(
            &|rel| {
                let path = root.join(rel);
                if !path.is_file() {
                    return None;
                }
                match read(&path) {
                    Ok(text) => Some(text),
                    Err(err) => {
                        failed.borrow_mut().get_or_insert(err);
                        // Stop looking further: the file is there but unreadable.
                        Some(Vec::new())
                    }
                }
            },
            &|rel| !rel.starts_with('/') && root.join(rel).is_dir(),
            &|rel| root.join(rel).display().to_string(),
        );
        if let Some(err) = failed.into_inner() {
            return Err(err);
        }
        let (owners, file, diags) = found;
        Ok((owners, file.map(|f| root.join(f)), diags))
    }

    /// Finds the ownership file of any tree, in the order of [`Owners::discover`]: `read`
    /// returns the bytes of a file given its path relative to the top (`None` when there is no
    /// such file), `is_dir` says whether a relative path is a directory (MAINTAINERS patterns
    /// without a trailing `/` match directories too), and `display` names a file in
    /// diagnostics. Returns the relative path of the file used.
    ///
    /// This is how `history` reads the `MAINTAINERS` or `CODEOWNERS` *of a revision*, from
    /// git objects.
    pub fn discover_in(
        read: &dyn Fn(&str) -> Option<Vec<u8>>,
        is_dir: &dyn Fn(&str) -> bool,
        display: &dyn Fn(&str) -> String,
    ) -> (Owners, Option<String>, Vec<Diagnostic>) {
        if let Some(text) = read("MAINTAINERS") {
            let name = display("MAINTAINERS");
            let (maintainers, diags) = Maintainers::parse_named(&text, &name, is_dir);
            return (
                Owners::Maintainers(maintainers),
                Some("MAINTAINERS".to_owned()),
                diags,
            );
        }
        for location in CODEOWNERS_LOCATIONS {
            if let Some(text) = read(location) {
                let name = display(location);
                let (owners, diags) = CodeOwners::parse_named(&text, &name);
                // A file of comments only assigns nothing: top-level directories say more.
                if owners.is_empty() {
                    return (Owners::TopDir, None, diags);
                }
                return (Owners::CodeOwners(owners), Some(location.to_owned()), diags);
            }
        }
        (Owners::TopDir, None, Vec::new())
    }

    /// The group of `path` (relative, `/`-separated): the section title, the owners of the last
    /// matching rule, or the top-level directory ([`ROOT_GROUP`] for a file at the root).
    ///
    /// `None` when no section or rule matches, or when the matching `CODEOWNERS` rule names no
    /// owner; callers report such files as unassigned.
    pub fn group_of<'a>(&'a self, path: &'a str) -> Option<&'a str> {
        match self {
            Owners::Maintainers(m) => m.section_of(path).map(|idx| m.section_name(idx)),
            Owners::CodeOwners(c) => c
                .rule_of(path)
                .map(|idx| c.owners_of_rule(idx))
                .filter(|owners| !owners.is_empty()),
            Owners::TopDir => Some(path.split_once('/').map_or(ROOT_GROUP, |(top, _)| top)),
        }
    }

    /// A short name of the source: `maintainers`, `codeowners` or `top-dir`.
    pub fn kind(&self) -> &'static str {
        match self {
            Owners::Maintainers(_) => "maintainers",
            Owners::CodeOwners(_) => "codeowners",
            Owners::TopDir => "top-dir",
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn discover_prefers_maintainers() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "MAINTAINERS",
            "GADGETS\nF:\tsrc/gadget\nF:\tsrc/gadget.c\nF\tbroken\n",
        );
        write(root, "src/gadget/a.c", "");
        write(root, "CODEOWNERS", "* @nobody\n");
        let (owners, file, diags) = Owners::discover(root).unwrap();
        assert_eq!(owners.kind(), "maintainers");
        assert_eq!(file.as_deref(), Some(root.join("MAINTAINERS").as_path()));
        // `src/gadget` is a directory on disk, so it gets a trailing slash and covers its files.
        assert_eq!(owners.group_of("src/gadget/a.c"), Some("GADGETS"));
        assert_eq!(owners.group_of("src/gadget/sub/b.c"), Some("GADGETS"));
        assert_eq!(owners.group_of("src/gadget.c"), Some("GADGETS"));
        assert_eq!(owners.group_of("other.c"), None);
        // "F\tbroken" is a title line directly under an entry.
        assert_eq!(diags.len(), 1, "{diags:?}");
        let want = format!("{}:4", root.join("MAINTAINERS").display());
        assert_eq!(diags[0].subject, want);
    }

    #[test]
    fn discover_codeowners_in_github_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, ".gitlab/CODEOWNERS", "* @gitlab\n");
        write(root, "docs/CODEOWNERS", "* @docs\n");
        let (owners, file, _) = Owners::discover(root).unwrap();
        assert_eq!(file, Some(root.join("docs/CODEOWNERS")));
        assert_eq!(owners.group_of("a/b.c"), Some("@docs"));
        write(root, "CODEOWNERS", "* @root\n");
        let (_, file, _) = Owners::discover(root).unwrap();
        assert_eq!(file, Some(root.join("CODEOWNERS")));
        write(root, ".github/CODEOWNERS", "*.c @github\n!x @y\n");
        let (owners, file, diags) = Owners::discover(root).unwrap();
        assert_eq!(file, Some(root.join(".github/CODEOWNERS")));
        assert_eq!(owners.kind(), "codeowners");
        assert_eq!(owners.group_of("a/b.c"), Some("@github"));
        assert_eq!(owners.group_of("a/b.h"), None);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].subject.ends_with("CODEOWNERS:2"), "{diags:?}");
    }

    #[test]
    fn codeowners_without_rules_falls_back_to_top_dir() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            ".github/CODEOWNERS",
            "# Owners are listed in the wiki.\n\n",
        );
        let (owners, file, _) = Owners::discover(dir.path()).unwrap();
        assert_eq!(owners.kind(), "top-dir");
        assert_eq!(file, None);
        assert_eq!(owners.group_of("lib/url.c"), Some("lib"));
    }

    #[test]
    fn discover_falls_back_to_top_dir() {
        let dir = tempfile::tempdir().unwrap();
        // A directory named MAINTAINERS is not the file.
        fs::create_dir(dir.path().join("MAINTAINERS")).unwrap();
        let (owners, file, diags) = Owners::discover(dir.path()).unwrap();
        assert_eq!(owners.kind(), "top-dir");
        assert_eq!(file, None);
        assert!(diags.is_empty());
        for (path, want) in [
            ("fs/ext4/inode.c", "fs"),
            ("Makefile", ROOT_GROUP),
            ("a/b", "a"),
        ] {
            assert_eq!(owners.group_of(path), Some(want));
        }
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_file_is_an_error_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("CODEOWNERS");
        fs::write(&path, "* @x\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
        match Owners::discover(dir.path()) {
            Err(Error::Read { path: p, .. }) => assert_eq!(p, path),
            // Root can read anything; nothing to test then.
            Ok((owners, _, _)) => assert_eq!(owners.kind(), "codeowners"),
        }
    }

    #[test]
    fn owners_can_be_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Owners>();
    }

    #[test]
    fn codeowners_rule_without_owner_is_unassigned() {
        let (c, _) = CodeOwners::parse(b"* @all\n/vendor/\n");
        let owners = Owners::CodeOwners(c);
        assert_eq!(owners.group_of("src/a.c"), Some("@all"));
        assert_eq!(owners.group_of("vendor/b.c"), None);
    }
}
