//! Unsafe Rust: the sites an audit finds and whether each is documented.

/// The kind of an unsafe site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SiteKind {
    /// `unsafe { … }`.
    Block,
    /// `unsafe fn` with a body.
    Fn,
    /// `unsafe fn` declared without a body (a trait method).
    FnDecl,
    /// `unsafe impl`.
    Impl,
    /// `unsafe trait`.
    Trait,
    /// An `extern` block (`unsafe extern` in edition 2024).
    ExternBlock,
    /// `#[unsafe(…)]`, as `#[unsafe(no_mangle)]`.
    Attr,
    /// `static mut`.
    StaticMut,
}

impl SiteKind {
    /// Every kind, in output order.
    pub const ALL: [SiteKind; 8] = [
        SiteKind::Block,
        SiteKind::Fn,
        SiteKind::FnDecl,
        SiteKind::Impl,
        SiteKind::Trait,
        SiteKind::ExternBlock,
        SiteKind::Attr,
        SiteKind::StaticMut,
    ];

    /// The name used in output (`block`, `fn`, `fn-decl`, …).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            SiteKind::Block => "block",
            SiteKind::Fn => "fn",
            SiteKind::FnDecl => "fn-decl",
            SiteKind::Impl => "impl",
            SiteKind::Trait => "trait",
            SiteKind::ExternBlock => "extern-block",
            SiteKind::Attr => "attr",
            SiteKind::StaticMut => "static-mut",
        }
    }
}

/// What documentation a site needs, and whether it has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Doc {
    /// A `// SAFETY:` comment (blocks, impls) or a `# Safety` doc section
    /// (public unsafe fns and traits) is where clippy looks for it.
    Documented,
    /// It needs one and has none.
    Undocumented,
    /// Nothing is asked of this site (a private unsafe fn, an extern block…).
    NotRequired,
}

/// One unsafe site of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    /// 1-based line of the `unsafe` keyword (or of the item).
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// What it is.
    pub kind: SiteKind,
    /// Its documentation.
    pub doc: Doc,
    /// Inside a `macro_rules!` body: one definition, expanded any number of times.
    pub in_macro: bool,
    /// An `allow`/`expect` of the clippy lint covers it.
    pub allowed: bool,
}

impl Site {
    /// Whether the site needs documentation it does not have and no `allow` covers it.
    #[must_use]
    pub fn is_undocumented(&self) -> bool {
        self.doc == Doc::Undocumented && !self.allowed
    }
}

/// A call from Rust into C (or another foreign function).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FfiCall {
    /// The called function's name (`kmalloc`, `SSL_new`).
    pub callee: String,
    /// The way in: `bindings` (kernel), `ffi`, `libc`, a `*-sys` crate, or
    /// `extern` for a function declared in an `extern` block of the same crate.
    pub via: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// The unsafe footprint of some files, added up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnsafeStats {
    /// Rust files.
    pub files: u64,
    /// Their code lines (as `scan` counts them).
    pub code: u64,
    /// Code lines inside unsafe blocks (outermost blocks; a line counts once).
    pub unsafe_code: u64,
    /// Sites per kind, indexed like [`SiteKind::ALL`], macro bodies left out.
    pub kinds: [u64; 8],
    /// Sites inside `macro_rules!` bodies, all kinds.
    pub in_macros: u64,
    /// Sites that need documentation (macro bodies included).
    pub needs_doc: u64,
    /// Of those, the documented ones.
    pub documented: u64,
    /// Of the undocumented ones, those an `allow`/`expect` covers.
    pub allowed: u64,
    /// `// SAFETY:` comments.
    pub safety_comments: u64,
    /// `// INVARIANT:` comments.
    pub invariant_comments: u64,
    /// Calls into C.
    pub ffi_calls: u64,
    /// Files the parser could not read whole.
    pub parse_errors: u64,
}

impl UnsafeStats {
    /// Sites of one kind outside macro bodies.
    #[must_use]
    pub fn kind(&self, kind: SiteKind) -> u64 {
        self.kinds[kind as usize]
    }

    /// Undocumented sites that no `allow` covers.
    #[must_use]
    pub fn undocumented(&self) -> u64 {
        self.needs_doc - self.documented - self.allowed
    }

    /// Adds another set of files.
    pub fn add(&mut self, o: &UnsafeStats) {
        self.files += o.files;
        self.code += o.code;
        self.unsafe_code += o.unsafe_code;
        for (a, b) in self.kinds.iter_mut().zip(o.kinds) {
            *a += b;
        }
        self.in_macros += o.in_macros;
        self.needs_doc += o.needs_doc;
        self.documented += o.documented;
        self.allowed += o.allowed;
        self.safety_comments += o.safety_comments;
        self.invariant_comments += o.invariant_comments;
        self.ffi_calls += o.ffi_calls;
        self.parse_errors += o.parse_errors;
    }
}

/// One row: a group and its numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsafeRow {
    /// Subsystem, directory, crate or file.
    pub group: String,
    /// Its numbers.
    pub stats: UnsafeStats,
}

/// A site with the file it is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteAt {
    /// Path relative to the tree's top.
    pub path: String,
    /// The group of that file.
    pub group: String,
    /// The site.
    pub site: Site,
}

/// One C function and who calls it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FfiFunction {
    /// Its name.
    pub callee: String,
    /// The way in (`bindings`, `libc`, a `*_sys` crate, `extern`).
    pub via: String,
    /// Calls in all.
    pub calls: u64,
    /// The calling files with their call counts, by path.
    pub files: Vec<(String, u64)>,
}
