//! Finding the top of the tree a path belongs to.

use std::path::{Path, PathBuf};

/// The tree a scan path belongs to.
#[derive(Clone, Debug)]
pub struct TreeRoot {
    /// The canonical path that was asked for (a directory or a file).
    pub path: PathBuf,
    /// The top of its tree: the nearest ancestor (or itself) holding a
    /// kernel `MAINTAINERS` file or a `.git`; else the path itself (its
    /// directory, for a file). Relative paths and ownership rules start here.
    pub base: PathBuf,
    /// Whether `base` looks like a Linux kernel tree (`MAINTAINERS`, `Kbuild`
    /// and `Kconfig` at the top).
    pub kernel: bool,
}

/// Resolves `path` to its tree.
///
/// # Errors
/// When the path does not exist or cannot be resolved.
pub fn find(path: &Path) -> anyhow::Result<TreeRoot> {
    use anyhow::Context;
    let path = path
        .canonicalize()
        .with_context(|| format!("{}: no such file or directory", path.display()))?;
    let start = if path.is_dir() {
        path.clone()
    } else {
        path.parent()
            .map_or_else(|| path.clone(), Path::to_path_buf)
    };
    let base = start
        .ancestors()
        .find(|d| d.join("MAINTAINERS").is_file() || d.join(".git").exists())
        .map_or_else(|| start.clone(), Path::to_path_buf);
    let kernel = ["MAINTAINERS", "Kbuild", "Kconfig"]
        .iter()
        .all(|f| base.join(f).is_file());
    Ok(TreeRoot { path, base, kernel })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_top_holding_maintainers() {
        let dir = tempfile::tempdir().expect("temp dir");
        let top = dir.path();
        for f in ["MAINTAINERS", "Kbuild", "Kconfig"] {
            std::fs::write(top.join(f), "").expect("write");
        }
        std::fs::create_dir_all(top.join("drivers/net")).expect("mkdir");
        std::fs::write(top.join("drivers/net/a.c"), "int a;\n").expect("write");
        let r = find(&top.join("drivers/net/a.c")).expect("found");
        assert_eq!(r.base, top.canonicalize().expect("canon"));
        assert!(r.kernel);
        let r = find(&top.join("drivers")).expect("found");
        assert_eq!(r.base, top.canonicalize().expect("canon"));
    }

    #[test]
    fn plain_directory_is_its_own_root() {
        let dir = tempfile::tempdir().expect("temp dir");
        let r = find(dir.path()).expect("found");
        assert_eq!(r.base, r.path);
        assert!(!r.kernel);
    }

    #[test]
    fn missing_path_names_it() {
        let err = find(Path::new("/no/such/ferrometer/path")).expect_err("missing");
        assert!(format!("{err:#}").contains("/no/such/ferrometer/path"));
    }
}
