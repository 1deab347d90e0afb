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
