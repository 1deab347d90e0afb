//! The tree walk: finds unsafe sites and FFI calls in one tree-sitter parse.

use std::sync::LazyLock;

use ferrometer_model::unsafety::{Doc, FfiCall, Site, SiteKind};
use memchr::memmem::Finder;
use tree_sitter::{Node, Parser};

use crate::items::{is_ident_byte, word_at, ExternBlock};
use crate::safety::{has_safety_comment, Floor, Lines};
use crate::{count_marker_comments, FileAudit};

/// A reusable parser; one per thread.
pub struct Auditor {
    parser: Parser,
}

impl Default for Auditor {
    fn default() -> Self {
        Self::new()
    }
}

impl Auditor {
    /// A parser for Rust.
    ///
    /// # Panics
    /// Never in practice: only if the bundled grammar does not match the
    /// tree-sitter library's ABI, which the build pins.
    #[must_use]
    pub fn new() -> Self {
        let mut parser = Parser::new();
        parser
            .set_language(&tree_sitter_rust::LANGUAGE.into())
            .expect("tree-sitter-rust matches the tree-sitter ABI");
        Auditor { parser }
    }

    /// Audits the bytes of one Rust file. Never panics, whatever the bytes.
    pub fn audit(&mut self, src: &[u8]) -> FileAudit {
        self.audit_with(src, true)
    }

    /// The same, parsing the whole file even where no item or only some
    /// items can hold a site, and visiting every node: the reference the
    /// shortcuts are checked against.
    pub fn audit_whole(&mut self, src: &[u8]) -> FileAudit {
        self.audit_with(src, false)
    }

    fn audit_with(&mut self, src: &[u8], partial: bool) -> FileAudit {
        let mut out = FileAudit {
            invariant_comments: count_marker_comments(src, b"INVARIANT:"),
            safety_comments: count_marker_comments(src, b"SAFETY:"),
            ..FileAudit::default()
        };
        if partial && !may_hold_sites(src) {
            out.skipped = true;
            return out;
        }
        let lines = Lines::new(src);
        let Some(parse) = self.parse(src, &lines, partial) else {
            out.parse_error = Some((1, 1));
            return out;
        };
        let mut walk = Walk {
            src,
            lines,
            lists: parse.lists,
            full: !partial,
            out,
            blocks: Vec::new(),
        };
        if let Some(tree) = &parse.tree {
            walk.run(tree.root_node());
        }
        for block in parse.lexed {
            walk.lexed_extern_block(block);
        }
        let mut out = walk.out;
        out.unsafe_ranges = merge(&walk.lines, walk.blocks);
        out.extern_fns.sort_unstable();
        out.extern_fns.dedup();
        out.parsed_bytes = parse.parsed as u64;
        out
    }
}

/// What [`Auditor::parse`] read.
struct Parse {
    /// The tree, unless the lexer read every item that could hold a site.
    tree: Option<tree_sitter::Tree>,
    /// Bytes given to the parser.
    parsed: usize,
    /// With a partial parse: the lexer's item lists.
    lists: Option<ItemLists>,
    /// `extern` blocks of declarations the lexer read instead of the parser.
    lexed: Vec<ExternBlock>,
}

impl Auditor {
    /// Parses the items that may hold a site (reading `extern` blocks of
    /// declarations with the lexer), or the whole file when it is small and
    /// the parser is needed, does not split cleanly, or the partial parse
    /// meets an error.
    fn parse(&mut self, src: &[u8], lines: &Lines<'_>, partial: bool) -> Option<Parse> {
        let chosen = if partial {
            crate::items::split(src).and_then(|items| chosen_ranges(src, lines, &items))
        } else {
            None
        };
        if let Some((ranges, lists, lexed)) = chosen {
            if ranges.is_empty() {
                return Some(Parse {
                    tree: None,
                    parsed: 0,
                    lists: Some(lists),
                    lexed,
                });
            }
            if src.len() >= PARTIAL_PARSE_MIN {
                self.parser.reset();
                if self.parser.set_included_ranges(&ranges).is_ok() {
                    let tree = self.parser.parse(src, None);
                    if let Some(t) = tree.filter(|t| !t.root_node().has_error()) {
                        let _ = self.parser.set_included_ranges(&[]);
                        return Some(Parse {
                            tree: Some(t),
                            parsed: ranges.iter().map(|r| r.end_byte - r.start_byte).sum(),
                            lists: Some(lists),
                            lexed,
                        });
                    }
                }
                let _ = self.parser.set_included_ranges(&[]);
            }
        }
        self.parser.reset();
        let tree = self.parser.parse(src, None)?;
        Some(Parse {
            tree: Some(tree),
            parsed: src.len(),
            lists: None,
            lexed: Vec::new(),
        })
    }
}

/// Below this size a file the parser must read is read whole: parsing
/// some of its items would save little.
const PARTIAL_PARSE_MIN: usize = 4 * 1024;

/// Whether the text holds a word an unsafe site or a call into C needs:
/// the keyword `unsafe` (not in a function pointer type such as
/// `unsafe extern "C" fn(i32)`), `static mut`, `extern` opening a block
/// (`extern "C" {`, `extern {`; not `extern crate`, not `extern "C" fn`), or a
/// call through `bindings`, `ffi` (not `core::ffi`, `std::ffi`,
/// `alloc::ffi`), `libc` or a `*_sys` crate.
fn may_hold_sites(text: &[u8]) -> bool {
    // A call into C may stand outside any unsafe block (in a macro's tokens,
    // say); a path that names a type or a constant calls nothing.
    unsafe_words(text) || calls_c(text)
}

/// [`may_hold_sites`] but for calls into C: `unsafe`, `static mut`, an
/// `extern` block.
fn unsafe_words(text: &[u8]) -> bool {
    let w = &*WORDS;
    w.unsafe_kw
        .find_iter(text)
        .any(|at| unsafe_keyword(text, at))
        || w.static_mut.find(text).is_some()
        || w.extern_kw.find_iter(text).any(|at| {
            whole_word(text, at, b"extern") && after_abi(text, at + 6).first() == Some(&b'{')
        })
}

/// The searchers of the words the prefilter looks for, built once: an item
/// is searched for each of them, and most items are small.
struct Words {
    unsafe_kw: Finder<'static>,
    static_mut: Finder<'static>,
    extern_kw: Finder<'static>,
    bindings: Finder<'static>,
    ffi: Finder<'static>,
    libc: Finder<'static>,
    sys: Finder<'static>,
    inner_attribute: Finder<'static>,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| Words {
    unsafe_kw: Finder::new(b"unsafe"),
    static_mut: Finder::new(b"static mut"),
    extern_kw: Finder::new(b"extern"),
    bindings: Finder::new(b"bindings::"),
    ffi: Finder::new(b"ffi::"),
    libc: Finder::new(b"libc::"),
    sys: Finder::new(b"_sys::"),
    inner_attribute: Finder::new(b"#!["),
});

/// Whether the text calls a function through `bindings`, `ffi` (not
/// `core::ffi` and the like), `libc` or a `*_sys` crate.
fn calls_c(text: &[u8]) -> bool {
    let w = &*WORDS;
    calls_through(text, &w.bindings, |_| true)
        || calls_through(text, &w.ffi, |at| !std_path(text, at))
        || calls_through(text, &w.libc, |_| true)
        || calls_through(text, &w.sys, |_| true)
}

/// Whether a path through `route` (at an offset `keep` accepts) is called:
/// the rest of the path, spaces included, is followed by `(` or a turbofish
/// `::<`, as a call in code or in macro tokens is.
fn calls_through(text: &[u8], route: &Finder<'_>, keep: impl Fn(usize) -> bool) -> bool {
    route.find_iter(text).any(|at| {
        let rest = &text[at + route.needle().len()..];
        let path = rest
            .iter()
            .take_while(|&&b| is_ident_byte(b) || b == b':' || b.is_ascii_whitespace())
            .count();
        let called = match rest.get(path) {
            Some(b'(') => true,
            Some(b'<') => rest[..path].trim_ascii_end().ends_with(b"::"),
            Some(_) => false,
            None => true,
        };
        called && keep(at)
    })
}

/// Whether the keyword `word` found at `at` is a whole word (not part of a
/// name such as `unsafe_code`).
fn whole_word(text: &[u8], at: usize, word: &[u8]) -> bool {
    word_at(text, at, text.len()) == word && (at == 0 || !is_ident_byte(text[at - 1]))
}

/// The text after `extern` and its ABI string, if any, from the next token on.
fn after_abi(text: &[u8], from: usize) -> &[u8] {
    let rest = text[from..].trim_ascii_start();
    if rest.first() == Some(&b'"') {
        match memchr::memchr(b'"', &rest[1..]) {
            Some(close) => rest[close + 2..].trim_ascii_start(),
            None => rest,
        }
    } else {
        rest
    }
}

/// The `unsafe` at `at` is the keyword, and not the start of a function
/// pointer type (`unsafe fn(..)`, `unsafe extern "C" fn(..)`), which holds
/// no site.
fn unsafe_keyword(text: &[u8], at: usize) -> bool {
    if !whole_word(text, at, b"unsafe") {
        return false;
    }
    let mut rest = text[at + 6..].trim_ascii_start();
    if word_at(rest, 0, rest.len()) == b"extern" {
        rest = after_abi(rest, 6);
    }
    let pointer_type = word_at(rest, 0, rest.len()) == b"fn"
        && rest[2..].trim_ascii_start().first() == Some(&b'(');
    !pointer_type
}

/// The `ffi::` at `at` continues a path that starts at `core`, `std` or
/// `alloc` (`core::ffi::c_void`, `::std::ffi::CStr`): never a call into C.
fn std_path(text: &[u8], at: usize) -> bool {
    let before = &text[..at];
    let Some(before) = before.strip_suffix(b"::") else {
        return false;
    };
    let root = [&b"core"[..], b"std", b"alloc"]
        .into_iter()
        .find(|r| before.ends_with(r));
    let Some(root) = root else {
        return false;
    };
    let before = &before[..before.len() - root.len()];
    // The root is the path's first segment: nothing before it but a
    // leading `::` (itself not after a name).
    let before = before.strip_suffix(b"::").unwrap_or(before);
    !before
        .last()
        .copied()
        .is_some_and(|b| is_ident_byte(b) || b == b':')
}

/// The ranges to parse: items that may hold a site, and the file's inner
/// attributes (`#![allow(..)]`); inside a large
/// `impl`, `mod` or `trait`, only its header, the chosen members and its
/// closing brace. `None` when they cover most of the file anyway.
fn chosen_ranges(
    src: &[u8],
    lines: &Lines<'_>,
    items: &[(usize, usize)],
) -> Option<(Vec<tree_sitter::Range>, ItemLists, Vec<ExternBlock>)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut lists = Vec::new();
    let mut lexed = Vec::new();
    choose(src, items, 0, &mut spans, &mut lists, &mut lexed);
    // Adjacent pieces are parsed as one range.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if src[last.1..a].iter().all(u8::is_ascii_whitespace) => last.1 = b,
            _ => merged.push((a, b)),
        }
    }
    let covered: usize = merged.iter().map(|(a, b)| b - a).sum();
    if covered * 4 > src.len() * 3 {
        return None;
    }
    let point = |byte: usize| {
        let row = lines.line_of(byte);
        tree_sitter::Point {
            row,
            column: byte - lines.start(row),
        }
    };
    let ranges = merged
        .into_iter()
        .map(|(a, b)| tree_sitter::Range {
            start_byte: a,
            end_byte: b,
            start_point: point(a),
            end_point: point(b),
        })
        .collect();
    Some((ranges, lists, lexed))
}

/// The item lists the lexer split (the file's, and each opened container's):
/// where an item before a parsed one ends, though it was not parsed.
type ItemLists = Vec<Vec<(usize, usize)>>;

/// Containers larger than this are opened up member by member.
const OPEN_CONTAINER_MIN: usize = 2048;

fn choose(
    src: &[u8],
    items: &[(usize, usize)],
    level: usize,
    out: &mut Vec<(usize, usize)>,
    lists: &mut Vec<Vec<(usize, usize)>>,
    lexed: &mut Vec<ExternBlock>,
) {
    lists.push(items.to_vec());
    for &(a, b) in items {
        let text = &src[a..b];
        let calls = calls_c(text);
        // Inner attributes (`#![allow(..)]`) may allow the lints for what follows.
        let keep = calls || unsafe_words(text) || WORDS.inner_attribute.find(text).is_some();
        if !keep {
            continue;
        }
        // An `extern` block of declarations: the lexer reads it whole.
        if !calls {
            if let Some(block) = crate::items::extern_block(src, (a, b)) {
                lexed.push(block);
                continue;
            }
        }
        let opened = (b - a >= OPEN_CONTAINER_MIN && level < 4)
            .then(|| crate::items::container_brace(src, (a, b)))
            .flatten()
            .and_then(|brace| Some((brace, crate::items::split_range(src, brace + 1, b - 1)?)));
        match opened {
            Some((brace, members)) => {
                out.push((a, brace + 1));
                choose(src, &members, level + 1, out, lists, lexed);
                out.push((b - 1, b));
            }
            None => out.push((a, b)),
        }
    }
}

/// Line ranges (0-based, inclusive) to merged byte ranges of whole lines.
fn merge(lines: &Lines<'_>, mut blocks: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    blocks.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in blocks {
        match merged.last_mut() {
            Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
        .into_iter()
        .map(|(a, b)| (lines.start(a), lines.start(b + 1)))
        .collect()
}

struct Walk<'s> {
    src: &'s [u8],
    lines: Lines<'s>,
    /// With a partial parse: the lexer's item lists.
    lists: Option<ItemLists>,
    /// Enter every subtree (the reference the shortcuts are checked against).
    full: bool,
    out: FileAudit,
    /// Line ranges of outermost unsafe blocks.
    blocks: Vec<(usize, usize)>,
}

impl<'s> Walk<'s> {
    fn run(&mut self, root: Node<'_>) {
        // Only subtrees that hold one of these words, that are in unsafe code
        // (calls there may reach C) or an extern block (its declarations), or
        // that hold a parse error are entered.
        let mut marks: Vec<usize> = Vec::new();
        for word in [
            &b"unsafe"[..],
            b"extern",
            b"static",
            b"bindings",
            b"ffi",
            b"libc",
            b"_sys",
        ] {
            marks.extend(memchr::memmem::find_iter(self.src, word));
        }
        marks.sort_unstable();
        let marked = |n: Node<'_>| {
            let k = marks.partition_point(|&m| m < n.start_byte());
            marks.get(k).is_some_and(|&m| m < n.end_byte())
        };
        let mut cursor = root.walk();
        let mut stack: Vec<Node<'_>> = Vec::new();
        // Whether each node on the stack is in unsafe code.
        let mut unsafe_code: Vec<bool> = Vec::new();
        loop {
            let node = cursor.node();
            self.visit(node, &stack);
            let in_unsafe = self.full
                || unsafe_code.last().copied().unwrap_or(false)
                || node.kind() == "unsafe_block"
                || node.kind() == "foreign_mod_item"
                || is_unsafe_fn(node);
            // Macro tokens are entered whole: `unsafe` may stand just before them.
            let enter =
                in_unsafe || node.has_error() || node.kind() == "token_tree" || marked(node);
            if enter && cursor.goto_first_child() {
                stack.push(node);
                unsafe_code.push(in_unsafe);
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return;
                }
                stack.pop();
                unsafe_code.pop();
            }
        }
    }

    /// The sites and declared functions of an `extern` block the lexer
    /// read, in order among the parsed ones.
    fn lexed_extern_block(&mut self, block: ExternBlock) {
        for (at, kind) in block.sites {
            let (line, column) = self.position(at);
            let site = Site {
                line,
                column,
                kind,
                doc: Doc::NotRequired,
                in_macro: false,
                allowed: false,
            };
            let k = self
                .out
                .sites
                .partition_point(|s| (s.line, s.column) <= (line, column));
            self.out.sites.insert(k, site);
        }
        self.out.extern_fns.extend(block.fns);
    }

    fn text(&self, node: Node<'_>) -> &'s [u8] {
        &self.src[node.start_byte()..node.end_byte()]
    }

    fn visit(&mut self, node: Node<'_>, up: &[Node<'_>]) {
        if (node.is_error() || node.is_missing())
            && self.out.parse_error.is_none()
            && !is_safe_qualifier_error(node, self.src)
        {
            self.out.parse_error = Some(self.position(node.start_byte()));
        }
        if !node.is_named() {
            if node.kind() == "unsafe"
                && up
                    .last()
                    .is_some_and(|p| matches!(p.kind(), "token_tree" | "token_repetition"))
            {
                self.token_tree_unsafe(node, up);
            }
            return;
        }
        match node.kind() {
            "unsafe_block" => self.block(node, up),
            "function_item" | "function_signature_item" => self.function(node, up),
            "impl_item" => {
                if let Some(kw) = keyword(node, "unsafe") {
                    let doc = self.impl_doc(node, up);
                    self.site(kw, SiteKind::Impl, doc, up, node);
                }
            }
            "trait_item" => {
                if let Some(kw) = keyword(node, "unsafe") {
                    let doc = self.safety_doc(node, up);
                    self.site(kw, SiteKind::Trait, doc, up, node);
                }
            }
            "foreign_mod_item" => {
                let kw = keyword(node, "unsafe").unwrap_or(node);
                self.site(kw, SiteKind::ExternBlock, Doc::NotRequired, up, node);
            }
            "static_item" => {
                if let Some(m) = child_of_kind(node, "mutable_specifier") {
                    let at = keyword(node, "static").unwrap_or(m);
                    self.site(at, SiteKind::StaticMut, Doc::NotRequired, up, node);
                }
            }
            "attribute_item" | "inner_attribute_item" => self.attribute(node, up),
            "call_expression" => self.call(node, up),
            "token_tree" => self.token_tree_calls(node, up),
            _ => {}
        }
    }

    /// 1-based line and column (in characters) of a byte offset: a binary
    /// search in the line index, then the characters before it on its line.
    fn position(&self, byte: usize) -> (u32, u32) {
        let line = self.lines.line_of(byte);
        let start = self.lines.start(line);
        let col = self.src[start..byte]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count()
            + 1;
        (to_u32(line + 1), to_u32(col))
    }

    /// Records a site at `at` (the keyword) for the construct `owner`.
    fn site(&mut self, at: Node<'_>, kind: SiteKind, doc: Doc, up: &[Node<'_>], owner: Node<'_>) {
        let (line, column) = self.position(at.start_byte());
        let in_macro = up.iter().any(|n| n.kind() == "macro_definition");
        let lint: &[u8] = match kind {
            SiteKind::Block | SiteKind::Impl => b"undocumented_unsafe_blocks",
            _ => b"missing_safety_doc",
        };
        let allowed = doc == Doc::Undocumented && self.allowed(owner, up, lint);
        self.out.sites.push(Site {
            line,
            column,
            kind,
            doc,
            in_macro,
            allowed,
        });
    }

    fn block(&mut self, node: Node<'_>, up: &[Node<'_>]) {
        let line = node.start_position().row;
        let doc = documented(
            self.comment_above(line, up, Some((node, up))) || self.inner_safety_comment(node),
        );
        let kw = keyword(node, "unsafe").unwrap_or(node);
        self.site(kw, SiteKind::Block, doc, up, node);
        // Nested blocks merge into the outer one's lines.
        self.blocks.push((line, node.end_position().row));
    }

    /// clippy's two places for a block's SAFETY comment: right above the
    /// block's line, or above the statement that holds it, climbing from
    /// `from` (the block, or the macro call whose tokens hold it). Inside a
    /// `macro_rules!` body only the first counts.
    fn comment_above(
        &self,
        line: usize,
        up: &[Node<'_>],
        from: Option<(Node<'_>, &[Node<'_>])>,
    ) -> bool {
        let floor = self.body_floor(up);
        if has_safety_comment(&self.lines, floor, line) {
            return true;
        }
        if up.iter().any(|n| n.kind() == "macro_definition") {
            return false;
        }
        from.and_then(|(node, above)| self.statement_line(node, above))
            .is_some_and(|stmt| stmt < line && has_safety_comment(&self.lines, floor, stmt))
    }

    /// A SAFETY comment that opens the block itself, before its first
    /// statement (`unsafe {\n    // SAFETY: …`), which clippy accepts too.
    fn inner_safety_comment(&self, node: Node<'_>) -> bool {
        let Some(body) = child_of_kind(node, "block") else {
            return false;
        };
        // Only the comment right after the brace: one that starts with other
        // words and says SAFETY lines later is not taken (as in clippy).
        let mut c = body.walk();
        let first = body.children(&mut c).nth(1);
        first.is_some_and(|k| {
            matches!(k.kind(), "line_comment" | "block_comment")
                && crate::safety::contains_safety(self.text(k))
        })
    }

    fn function(&mut self, node: Node<'_>, up: &[Node<'_>]) {
        let in_extern = up.iter().any(|n| n.kind() == "foreign_mod_item");
        if in_extern {
            if let Some(name) = node.child_by_field_name("name") {
                let name = String::from_utf8_lossy(self.text(name)).into_owned();
                self.out.extern_fns.push(name);
            }
            return;
        }
        let Some(kw) = child_of_kind(node, "function_modifiers").and_then(|m| keyword(m, "unsafe"))
        else {
            return;
        };
        let kind = if node.kind() == "function_item" {
            SiteKind::Fn
        } else {
            SiteKind::FnDecl
        };
        let doc = self.safety_doc(node, up);
        self.site(kw, kind, doc, up, node);
    }

    fn attribute(&mut self, node: Node<'_>, up: &[Node<'_>]) {
        let Some(attr) = child_of_kind(node, "attribute") else {
            return;
        };
        let text = self.text(attr);
        if text.starts_with(b"unsafe")
            && text[6..].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'(')
        {
            self.site(attr, SiteKind::Attr, Doc::NotRequired, up, node);
        }
    }

    /// Where the search for a block's comment stops going up: the line of the
    /// enclosing function (or other item), or the end of the item before the
    /// enclosing `const`/`static` in its module.
    fn body_floor(&self, up: &[Node<'_>]) -> Floor {
        if let Some(m) = up.iter().rev().find(|n| n.kind() == "macro_definition") {
            return Floor::After(m.start_position().row);
        }
        for (i, a) in up.iter().enumerate().rev() {
            match a.kind() {
                "function_item"
                | "function_signature_item"
                | "impl_item"
                | "trait_item"
                | "struct_item"
                | "enum_item"
                | "union_item"
                | "type_item" => {
                    return Floor::After(a.start_position().row);
                }
                "source_file" | "declaration_list" => {
                    let item = up.get(i + 1).copied();
                    return self.item_floor(*a, item, up.get(i.wrapping_sub(1)).copied());
                }
                _ => {}
            }
        }
        Floor::FileStart
    }

    /// The floor for an item (`item`, a child of `list`) of a module or the
    /// file: the end of the item before it, else the module's first line.
    fn item_floor(
        &self,
        list_node: Node<'_>,
        item: Option<Node<'_>>,
        list_parent: Option<Node<'_>>,
    ) -> Floor {
        // With a partial parse the item before may not be in the tree: the
        // lexer's lists know where it ends.
        if let (Some(item), Some(lists)) = (item, &self.lists) {
            let at = item.start_byte();
            // The innermost lexer item that holds this one, if it is this one.
            let mut best: Option<(&[(usize, usize)], usize)> = None;
            for list in lists {
                let k = list.partition_point(|&(a, _)| a <= at);
                if k > 0 && at < list[k - 1].1 && best.is_none_or(|(l, j)| list[k - 1].0 > l[j].0) {
                    best = Some((list, k - 1));
                }
            }
            if let Some((list, k)) = best {
                if list[k].1 >= item.end_byte() && list[k].1 - item.end_byte() <= 1 {
                    if k >= 1 {
                        return Floor::After(self.lines.line_of(list[k - 1].1 - 1));
                    }
                    return match list_parent {
                        Some(p) if list_node_is_declarations(list_node) => {
                            Floor::After(p.start_position().row)
                        }
                        _ => Floor::FileStart,
                    };
                }
            }
        }
        if let Some(prev) = item.and_then(previous_item) {
            return Floor::After(prev.end_position().row);
        }
        match list_parent {
            Some(p) if list_node_is_declarations(list_node) => Floor::After(p.start_position().row),
            _ => Floor::FileStart,
        }
    }

    /// The first line of the statement a block belongs to, as clippy's
    /// `accept-comment-above-statement` takes it: the `let`, the assignment,
    /// the `const`/`static` item (attributes included), or the outermost
    /// expression that is not an `if`/`match`/loop.
    fn statement_line(&self, node: Node<'_>, up: &[Node<'_>]) -> Option<usize> {
        let mut cur = node;
        for p in up.iter().rev() {
            match p.kind() {
                "let_declaration" | "const_item" | "static_item" => {
                    return Some(p.start_position().row);
                }
                "assignment_expression" => return Some(p.start_position().row),
                k if is_expression_like(k) => cur = *p,
                _ => break,
            }
        }
        if matches!(
            cur.kind(),
            "if_expression"
                | "match_expression"
                | "loop_expression"
                | "while_expression"
                | "for_expression"
        ) {
            return None;
        }
        // Attributes above the statement (`#[cfg(..)]`) are passed over by
        // the comment search itself, one-line ones only, as clippy does.
        Some(cur.start_position().row)
    }

    /// An unsafe impl's comment, looked for between the item before it (or
    /// the start of its module, or of the enclosing block) and its first line.
    fn impl_doc(&self, node: Node<'_>, up: &[Node<'_>]) -> Doc {
        if let Some(m) = up.iter().rev().find(|n| n.kind() == "macro_definition") {
            let floor = Floor::After(m.start_position().row);
            return documented(has_safety_comment(
                &self.lines,
                floor,
                node.start_position().row,
            ));
        }
        let Some(parent) = up.last().copied() else {
            return Doc::NotRequired;
        };
        let floor = match parent.kind() {
            "source_file" => self.item_floor(parent, Some(node), None),
            "declaration_list" if up.len() >= 2 && up[up.len() - 2].kind() == "mod_item" => {
                self.item_floor(parent, Some(node), Some(up[up.len() - 2]))
            }
            "block" => Floor::After(parent.start_position().row),
            // Elsewhere clippy does not look (and does not lint).
            _ => return Doc::NotRequired,
        };
        documented(has_safety_comment(
            &self.lines,
            floor,
            node.start_position().row,
        ))
    }

    /// `missing_safety_doc`: a public unsafe fn or trait needs a `# Safety`
    /// section in its docs. Private ones, and methods of trait impls (their
    /// docs are the trait's), need none.
    fn safety_doc(&self, node: Node<'_>, up: &[Node<'_>]) -> Doc {
        if !self.is_exported(node, up) {
            return Doc::NotRequired;
        }
        documented(self.docs_have_safety_section(node))
    }

    fn is_exported(&self, node: Node<'_>, up: &[Node<'_>]) -> bool {
        let is_pub = |n: Node<'_>| {
            child_of_kind(n, "visibility_modifier").is_some_and(|v| self.text(v) == b"pub")
        };
        let mut in_trait = false;
        for a in up.iter().rev() {
            match a.kind() {
                "trait_item" => {
                    if !is_pub(*a) {
                        return false;
                    }
                    in_trait = true;
                }
                "impl_item" if a.child_by_field_name("trait").is_some() => {
                    return false;
                }
                "mod_item" if !is_pub(*a) => {
                    return false;
                }
                "function_item" | "block" | "macro_definition" | "token_tree" => return false,
                _ => {}
            }
        }
        in_trait && node.kind() != "trait_item" || is_pub(node)
    }

    fn docs_have_safety_section(&self, node: Node<'_>) -> bool {
        let mut prev = node.prev_sibling();
        while let Some(p) = prev {
            match p.kind() {
                "line_comment" | "block_comment" => {
                    let t = self.text(p);
                    if (t.starts_with(b"///") || t.starts_with(b"/**")) && has_safety_heading(t) {
                        return true;
                    }
                }
                "attribute_item" => {
                    let t = self.text(p);
                    if t.windows(3).any(|w| w == b"doc") && has_safety_heading(t) {
                        return true;
                    }
                }
                _ => return false,
            }
            prev = p.prev_sibling();
        }
        false
    }

    /// Whether an `allow`/`expect` of the clippy `lint` (or of its group)
    /// covers `owner`.
    fn allowed(&self, owner: Node<'_>, up: &[Node<'_>], lint: &[u8]) -> bool {
        // `missing_safety_doc` is in the style group, so `clippy::style` and
        // `clippy::all` cover it; `undocumented_unsafe_blocks` is a restriction lint.
        let group: &[&[u8]] = if lint == b"missing_safety_doc" {
            &[b"clippy::style", b"clippy::all"]
        } else {
            &[b"clippy::restriction"]
        };
        let says_allow = |t: &[u8]| {
            (find(t, b"allow").is_some() || find(t, b"expect").is_some())
                && (find(t, lint).is_some() || group.iter().any(|g| find(t, g).is_some()))
        };
        for n in std::iter::once(&owner).chain(up.iter().rev()) {
            let mut prev = n.prev_sibling();
            while let Some(p) = prev {
                match p.kind() {
                    "attribute_item" if says_allow(self.text(p)) => return true,
                    "attribute_item" | "line_comment" | "block_comment" => {}
                    _ => break,
                }
                prev = p.prev_sibling();
            }
            let mut c = n.walk();
            let inner = n
                .children(&mut c)
                .take_while(|k| {
                    matches!(
                        k.kind(),
                        "inner_attribute_item" | "line_comment" | "block_comment" | "{"
                    )
                })
                .any(|k| k.kind() == "inner_attribute_item" && says_allow(self.text(k)));
            if inner {
                return true;
            }
        }
        false
    }

    /// `unsafe` inside a macro's tokens (a `macro_rules!` body or a macro's
    /// arguments): a block when a `{…}` group follows, else the item it starts.
    fn token_tree_unsafe(&mut self, kw: Node<'_>, up: &[Node<'_>]) {
        let Some(next) = kw.next_sibling() else {
            return;
        };
        // After `fn`: a name makes a function, `(` a function pointer type
        // (`unsafe extern "C" fn(i32)`), which is no site.
        let pointer_type = |fn_kw: Node<'_>| {
            fn_kw
                .next_sibling()
                .is_some_and(|n| n.kind() == "token_tree" && self.text(n).starts_with(b"("))
        };
        let kind = match next.kind() {
            "token_tree" if self.text(next).starts_with(b"{") => SiteKind::Block,
            "fn" if pointer_type(next) => return,
            "fn" => SiteKind::Fn,
            "impl" => SiteKind::Impl,
            "trait" => SiteKind::Trait,
            "extern" => {
                let mut after = next.next_sibling();
                if after.is_some_and(|n| n.kind() == "string_literal") {
                    after = after.and_then(|n| n.next_sibling());
                }
                match after {
                    Some(f) if f.kind() == "fn" && pointer_type(f) => return,
                    Some(f) if f.kind() == "fn" => SiteKind::Fn,
                    _ => SiteKind::ExternBlock,
                }
            }
            _ => return,
        };
        let line = kw.start_position().row;
        let doc = match kind {
            SiteKind::Block => {
                // Climb from the macro call as from an expression.
                let call = up.iter().rposition(|n| n.kind() == "macro_invocation");
                documented(self.comment_above(line, up, call.map(|c| (up[c], &up[..c]))))
            }
            SiteKind::Impl => {
                let floor = self.body_floor(up);
                documented(has_safety_comment(&self.lines, floor, line))
            }
            _ => Doc::NotRequired,
        };
        let owner = up.last().copied().unwrap_or(kw);
        self.site(kw, kind, doc, up, owner);
        if kind == SiteKind::Block {
            self.blocks.push((line, next.end_position().row));
        }
    }

    /// A call in parsed code: FFI when its path goes through `bindings`,
    /// `ffi`, `libc` or a `*_sys` crate; a candidate for an `extern`-declared
    /// function when it is in unsafe code.
    fn call(&mut self, node: Node<'_>, up: &[Node<'_>]) {
        let Some(mut f) = node.child_by_field_name("function") else {
            return;
        };
        if f.kind() == "generic_function" {
            match f.child_by_field_name("function") {
                Some(inner) => f = inner,
                None => return,
            }
        }
        let segments: Vec<&[u8]> = match f.kind() {
            "identifier" => vec![self.text(f)],
            "scoped_identifier" => self
                .text(f)
                .split(|&b| b == b':')
                .filter(|s| !s.is_empty())
                .map(<[u8]>::trim_ascii)
                .collect(),
            _ => return,
        };
        let at = f.start_byte();
        self.classify_call(&segments, at, || in_unsafe_code(up));
    }

    fn classify_call(&mut self, segments: &[&[u8]], at: usize, unsafe_code: impl FnOnce() -> bool) {
        let Some((&last, path)) = segments.split_last() else {
            return;
        };
        if last.is_empty() || !last.iter().all(|&b| is_ident_byte(b)) {
            return;
        }
        let via = ffi_route(path);
        let (line, column) = self.position(at);
        let call = |via: &str| FfiCall {
            callee: String::from_utf8_lossy(last).into_owned(),
            via: via.to_string(),
            line,
            column,
        };
        match via {
            Some(via) => self.out.ffi.push(call(&via)),
            None => {
                let module_path = path
                    .iter()
                    .all(|s| s.first().is_some_and(u8::is_ascii_lowercase));
                if module_path
                    && last.first().is_some_and(|b| !b.is_ascii_uppercase())
                    && unsafe_code()
                {
                    self.out.maybe_extern.push(call("extern"));
                }
            }
        }
    }

    /// Calls written inside macro arguments and `macro_rules!` bodies: a
    /// path through `bindings`/`ffi`/`libc`/`*_sys` followed by `(…)`.
    fn token_tree_calls(&mut self, node: Node<'_>, up: &[Node<'_>]) {
        let mut c = node.walk();
        let kids: Vec<Node<'_>> = node.children(&mut c).collect();
        let mut i = 0;
        while i < kids.len() {
            if kids[i].kind() != "identifier"
                || (i > 0 && matches!(kids[i - 1].kind(), "::" | "." | "identifier"))
            {
                i += 1;
                continue;
            }
            let start = kids[i].start_byte();
            let mut segments = vec![self.text(kids[i])];
            let mut j = i + 1;
            while j + 1 < kids.len() && kids[j].kind() == "::" && kids[j + 1].kind() == "identifier"
            {
                segments.push(self.text(kids[j + 1]));
                j += 2;
            }
            let is_call = segments.len() > 1
                && kids
                    .get(j)
                    .is_some_and(|n| n.kind() == "token_tree" && self.text(*n).starts_with(b"("));
            if is_call {
                self.classify_call(&segments, start, || unsafe_tokens(node, up));
            }
            i = j.max(i + 1);
        }
    }
}

/// How a call path reaches C, if it does: `bindings` / `ffi` (the kernel's
/// generated bindings), `libc`, or a `*_sys` crate.
fn ffi_route(path: &[&[u8]]) -> Option<String> {
    let first = *path.first()?;
    if matches!(first, b"std" | b"core" | b"alloc") {
        return None;
    }
    if first == b"libc" {
        return Some("libc".into());
    }
    for seg in path {
        if *seg == b"bindings" {
            return Some("bindings".into());
        }
        if *seg == b"ffi" {
            return Some("ffi".into());
        }
        if seg.ends_with(b"_sys") {
            return Some(String::from_utf8_lossy(seg).into_owned());
        }
    }
    None
}

/// Edition 2024's `safe fn` in an `unsafe extern` block, which the grammar
/// does not know: not a parse error of the file.
fn is_safe_qualifier_error(node: Node<'_>, src: &[u8]) -> bool {
    // `safe fn f();` leaves the error in the block's list; `pub safe fn f();`
    // inside the declaration, after its visibility.
    let in_block = |n: Node<'_>| n.kind() == "declaration_list";
    node.is_error()
        && &src[node.start_byte()..node.end_byte()] == b"safe"
        && node.parent().is_some_and(|p| {
            in_block(p)
                || (matches!(p.kind(), "function_signature_item" | "static_item")
                    && p.parent().is_some_and(in_block))
        })
}

/// Tokens of a macro that stand in unsafe code: inside an `unsafe { … }`
/// group of the tokens, or in a macro call written in unsafe code.
fn unsafe_tokens(node: Node<'_>, up: &[Node<'_>]) -> bool {
    let after_unsafe = |n: Node<'_>| n.prev_sibling().is_some_and(|p| p.kind() == "unsafe");
    after_unsafe(node)
        || up
            .iter()
            .rev()
            .take_while(|n| matches!(n.kind(), "token_tree" | "token_repetition"))
            .any(|n| after_unsafe(*n))
        || in_unsafe_code(up)
}

/// A `function_item` declared `unsafe fn`: its body is unsafe code.
fn is_unsafe_fn(node: Node<'_>) -> bool {
    node.kind() == "function_item"
        && child_of_kind(node, "function_modifiers")
            .and_then(|m| keyword(m, "unsafe"))
            .is_some()
}

fn in_unsafe_code(up: &[Node<'_>]) -> bool {
    up.iter().rev().any(|n| match n.kind() {
        "unsafe_block" => true,
        "function_item" => is_unsafe_fn(*n),
        _ => false,
    })
}

/// Expressions and the nodes that only wrap them (arguments, struct fields,
/// `else`, `if let`): clippy climbs through these to find the statement.
fn is_expression_like(kind: &str) -> bool {
    kind.ends_with("_expression")
        || matches!(
            kind,
            "compound_assignment_expr"
                | "arguments"
                | "field_initializer"
                | "field_initializer_list"
                | "base_field_initializer"
                | "else_clause"
                | "let_condition"
                | "let_chain"
                | "macro_invocation"
                | "async_block"
                | "const_block"
                | "unsafe_block"
                | "try_block"
                | "gen_block"
        )
}

fn list_node_is_declarations(n: Node<'_>) -> bool {
    n.kind() == "declaration_list"
}

/// The item before `item` in its module, skipping comments and attributes.
fn previous_item(item: Node<'_>) -> Option<Node<'_>> {
    let mut p = item.prev_named_sibling();
    while let Some(n) = p {
        if !matches!(
            n.kind(),
            "line_comment"
                | "block_comment"
                | "attribute_item"
                | "inner_attribute_item"
                | "shebang"
        ) {
            return Some(n);
        }
        p = n.prev_named_sibling();
    }
    None
}

fn keyword<'t>(node: Node<'t>, word: &str) -> Option<Node<'t>> {
    let mut c = node.walk();
    let found = node
        .children(&mut c)
        .find(|n| !n.is_named() && n.kind() == word);
    found
}

fn child_of_kind<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut c = node.walk();
    let found = node.children(&mut c).find(|n| n.kind() == kind);
    found
}

fn documented(yes: bool) -> Doc {
    if yes {
        Doc::Documented
    } else {
        Doc::Undocumented
    }
}

/// A markdown heading `Safety` (any level) in doc-comment text.
fn has_safety_heading(text: &[u8]) -> bool {
    text.split(|&b| b == b'\n').any(|line| {
        let line = line.trim_ascii_start();
        let line = line
            .strip_prefix(b"///")
            .or_else(|| line.strip_prefix(b"/**"))
            .or_else(|| line.strip_prefix(b"*"))
            .or_else(|| line.strip_prefix(b"#[doc"))
            .unwrap_or(line);
        let line = line.trim_ascii_start();
        let line = line
            .strip_prefix(b"=")
            .map_or(line, <[u8]>::trim_ascii_start);
        let line = line.strip_prefix(b"\"").unwrap_or(line);
        let hashes = line.iter().take_while(|&&b| b == b'#').count();
        hashes > 0 && line[hashes..].trim_ascii().starts_with(b"Safety") && {
            let rest = line[hashes..].trim_ascii()[6..].trim_ascii();
            rest.is_empty() || rest.starts_with(b"\"")
        }
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_may_hold_sites() {
        let cases: &[(&str, bool)] = &[
            ("unsafe { f() }", true),
            ("pub unsafe fn f() {}", true),
            ("unsafe impl Send for S {}", true),
            ("unsafe extern \"C\" fn f() {}", true),
            ("unsafe extern \"C\" {}", true),
            ("#[unsafe(no_mangle)]", true),
            ("static mut X: u8 = 0;", true),
            ("extern \"C\" { fn f(); }", true),
            ("extern {\n}", true),
            ("let p = bindings::f();", true),
            ("ffi::f()", true),
            ("crate::ffi::f()", true),
            ("kernel::ffi::to_c(x)", true),
            ("my::core::ffi::f()", true),
            ("libc::getpid()", true),
            ("libc::getpid ()", true),
            ("bindings::f::<u8>(x)", true),
            ("m!(openssl_sys::f(p))", true),
            ("openssl_sys::Ssl::new(p)", true),
            // Types and constants through those paths call nothing.
            ("let x: libc::c_int = libc::EINTR;", false),
            (
                "fn f(p: *mut windows_sys::core::PCSTR) -> bindings::gfp_t;",
                false,
            ),
            ("const N: usize = ffi::LEN;", false),
            ("Vec<libc::pollfd>", false),
            // Function pointer types hold no site.
            ("type Cb = unsafe extern \"C\" fn(i32) -> i32;", false),
            (
                "type Cb = Option<unsafe extern \"system\" fn (u32)>;",
                false,
            ),
            ("struct S { f: unsafe fn() }", false),
            ("type Cb = unsafe extern fn(i32);", false),
            // Names that hold the word, and paths into Rust's own ffi modules.
            ("#![allow(unsafe_code)]", false),
            ("let is_unsafe = true;", false),
            ("p: *mut core::ffi::c_void", false),
            ("::std::ffi::CStr::from_ptr(p)", false),
            ("alloc::ffi::CString::new(x)", false),
            // `extern` that opens no block.
            ("extern crate alloc;", false),
            ("pub extern \"C\" fn f() {}", false),
            ("extern \"C\" fn(i32)", false),
            ("fn f() {}", false),
        ];
        for (text, want) in cases {
            assert_eq!(may_hold_sites(text.as_bytes()), *want, "{text}");
        }
    }
}
