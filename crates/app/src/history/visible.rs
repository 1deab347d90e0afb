//! Which files of a git tree `scan` would have counted in a checkout of it.
//!
//! `history` must equal `scan` of a checkout, number for number, so it
//! leaves out what the walk leaves out: hidden files and directories (a
//! name starting with `.`), symbolic links (the walk doesn't follow them),
//! submodules, and paths that the tree's own `.ignore` and `.gitignore`
//! files exclude (tracked files can be ignored too). Ignore files apply as
//! in the `ignore` crate: for each kind the deepest matching rule wins,
//! `.ignore` before `.gitignore`, and an ignored directory hides everything
//! under it. The user's global excludes and `.git/info/exclude` are not part
//! of the history and are not applied.

use std::collections::HashMap;

use ferrometer_git::{FileMode, Oid, Tree};
use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// The files to count, and the `.gitattributes` files that decide their
/// origin.
#[derive(Debug, Default)]
pub(crate) struct Visible {
    /// Indexes into the tree's files, in path order.
    pub files: Vec<usize>,
    /// `(directory, blob)` of each `.gitattributes` in a visited directory.
    pub attributes: Vec<(String, Oid)>,
}

/// Ignore files are read through `read`, which returns a blob's bytes.
pub(crate) fn visible(tree: &Tree, read: &mut dyn FnMut(&Oid) -> Option<Vec<u8>>) -> Visible {
    // Ignore rules per directory, built from the blobs of that directory.
    let mut rules: HashMap<&str, DirRules> = HashMap::new();
    for file in &tree.files {
        let (dir, name) = split(&file.path);
        let kind = match name {
            ".ignore" => 0,
            ".gitignore" => 1,
            _ => continue,
        };
        if file.mode == FileMode::Symlink {
            continue;
        }
        let Some(bytes) = read(&file.oid) else {
            continue;
        };
        let matcher = build(dir, &bytes);
        let slot = rules.entry(dir).or_default();
        slot.0[kind] = Some(matcher);
    }
    let mut dirs: HashMap<&str, bool> = HashMap::new();
    let mut out = Visible::default();
    for (i, file) in tree.files.iter().enumerate() {
        if file.mode == FileMode::Symlink {
            continue;
        }
        let (dir, name) = split(&file.path);
        if dir_excluded(dir, &rules, &mut dirs) {
            continue;
        }
        // The walk reads the `.gitattributes` of every directory it enters,
        // though the file itself is hidden.
        if name == ".gitattributes" {
            out.attributes.push((dir.to_owned(), file.oid));
        }
        if excluded(&file.path, name, false, dir, &rules) {
            continue;
        }
        out.files.push(i);
    }
    // The walk reads `.gitattributes` shallow first.
    out.attributes.sort_by(|a, b| {
        let depth = |s: &str| {
            if s.is_empty() {
                0
            } else {
                s.matches('/').count() + 1
            }
        };
        (depth(&a.0), &a.0).cmp(&(depth(&b.0), &b.0))
    });
    out
}

/// `.ignore` and `.gitignore` of one directory.
#[derive(Default)]
struct DirRules([Option<Gitignore>; 2]);

fn build(dir: &str, bytes: &[u8]) -> Gitignore {
    let root = if dir.is_empty() { "." } else { dir };
    let mut b = GitignoreBuilder::new(root);
    for line in String::from_utf8_lossy(bytes).lines() {
        // A bad line is skipped, as the walk skips it.
        let _ = b.add_line(None, line);
    }
    b.build().unwrap_or_else(|_| Gitignore::empty())
}

/// Whether a directory, or one above it, is left out; memoised in `dirs`.
fn dir_excluded<'a>(
    dir: &'a str,
    rules: &HashMap<&str, DirRules>,
    dirs: &mut HashMap<&'a str, bool>,
) -> bool {
    if dir.is_empty() {
        return false;
    }
    if let Some(&known) = dirs.get(dir) {
        return known;
    }
    let (parent, name) = split(dir);
    let answer = dir_excluded(parent, rules, dirs) || excluded(dir, name, true, parent, rules);
    dirs.insert(dir, answer);
    answer
}

/// Whether the walk leaves `path` (named `name`, in `dir`) out, its
/// directory being walked: ignored by a rule, or hidden and not
/// whitelisted by one (the `ignore` crate lets a `!name` rule bring back a
/// hidden file, so `!.gitignore` lines count those files).
fn excluded(
    path: &str,
    name: &str,
    is_dir: bool,
    dir: &str,
    rules: &HashMap<&str, DirRules>,
) -> bool {
    match matched(path, is_dir, dir, rules) {
        Some(ignore) => ignore,
        None => name.starts_with('.'),
    }
}

/// The rule that decides `path`: `Some(true)` ignored, `Some(false)`
/// whitelisted, `None` no rule. Per kind the deepest match decides, and a
/// `.ignore` match outranks a `.gitignore` one.
fn matched(path: &str, is_dir: bool, dir: &str, rules: &HashMap<&str, DirRules>) -> Option<bool> {
    if rules.is_empty() {
        return None;
    }
    for kind in 0..2 {
        let mut d = dir;
        loop {
            if let Some(m) = rules.get(d).and_then(|r| r.0[kind].as_ref()) {
                let rel = if d.is_empty() {
                    path
                } else {
                    &path[d.len() + 1..]
                };
                let found = m.matched(rel, is_dir);
                if found.is_ignore() {
                    return Some(true);
                }
                if found.is_whitelist() {
                    return Some(false);
                }
            }
            if d.is_empty() {
                break;
            }
            d = split(d).0;
        }
    }
    None
}

/// `(directory, name)`; the directory of a top-level name is `""`.
fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrometer_git::TreeFile;

    fn file(path: &str, n: u8) -> TreeFile {
        TreeFile {
            path: path.to_owned(),
            oid: Oid::from_hex(&format!("{n:02x}").repeat(20)).expect("oid"),
            mode: FileMode::Regular,
        }
    }

    fn paths(files: &[TreeFile], blobs: &[(u8, &str)]) -> Vec<String> {
        let tree = Tree {
            files: files.to_vec(),
            submodules: Vec::new(),
        };
        let mut read = |oid: &Oid| {
            blobs
                .iter()
                .find(|(n, _)| oid.to_string() == format!("{n:02x}").repeat(20))
                .map(|(_, text)| text.as_bytes().to_vec())
        };
        visible(&tree, &mut read)
            .files
            .iter()
            .map(|&i| tree.files[i].path.clone())
            .collect()
    }

    #[test]
    fn hidden_and_symlinks_are_left_out() {
        let mut link = file("src/link.c", 3);
        link.mode = FileMode::Symlink;
        let files = vec![
            file(".github/workflows/ci.yml", 1),
            file(".clang-format", 2),
            link,
            file("src/.hidden/x.c", 4),
            file("src/main.c", 5),
        ];
        assert_eq!(paths(&files, &[]), ["src/main.c"]);
    }

    #[test]
    fn ignore_files_apply_deepest_first_and_prune_directories() {
        let files = vec![
            file(".gitignore", 1),
            file("build/out.c", 2),
            file("keep.log", 3),
            file("main.c", 4),
            file("notes.log", 5),
            file("src/.gitignore", 6),
            file("src/gen.c", 7),
            file("src/x.log", 8),
            file("src/y.c", 9),
            file("vendor/.ignore", 10),
            file("vendor/a.c", 11),
            file("vendor/b.c", 12),
        ];
        let blobs = [
            (1, "*.log\n!keep.log\nbuild/\n"),
            (6, "gen.c\n!x.log\n"),
            (10, "a.c\n"),
        ];
        assert_eq!(
            paths(&files, &blobs),
            ["keep.log", "main.c", "src/x.log", "src/y.c", "vendor/b.c"]
        );
    }

    #[test]
    fn a_whitelist_rule_brings_back_hidden_files_as_the_walk_does() {
        let files = vec![
            file(".gitignore", 1),
            file(".hidden/x.c", 2),
            file(".tool/y.c", 3),
            file("docs/.gitignore", 4),
            file("docs/.lintrc", 5),
            file("docs/.other", 6),
        ];
        let blobs = [(1, "!.tool/\n"), (4, "*.o\n!.gitignore\n!.lintrc\n")];
        assert_eq!(
            paths(&files, &blobs),
            [".tool/y.c", "docs/.gitignore", "docs/.lintrc"]
        );
    }
}
