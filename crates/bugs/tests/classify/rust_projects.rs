//! Messages in the style of Rust projects: panics (the checks working),
//! `unsafe` soundness fixes, Miri reports, clippy. All invented.

use crate::{case, Case};

pub const CASES: &[Case] = &[
    case!("r-panic-index-subject", true, NotMemory, ["rust-panic-on-index"],
"fix panic on index out of bounds in tokenizer
"),
    case!("r-quoted-panic", true, NotMemory, ["rust-panicked", "rust-index-panic"],
"lexer: handle empty input

thread 'main' panicked at src/lexer.rs:42:13:
index out of bounds: the len is 3 but the index is 5
"),
    case!("r-overflow-panic", true, NotMemory, ["rust-overflow-panic"],
"Fix overflow panic in parse_len

attempt to subtract with overflow
"),
    case!("r-unsound-uaf", true, UseAfterFree, ["unsound", "uaf"],
"fix unsoundness in from_raw_parts, use-after-free if the iterator is dropped
"),
    case!("r-unsound-send", true, DataRace, ["unsound", "data-race"],
"Fix unsound Send impl for Handle<T>

The handle wraps a raw pointer; sending it to another thread allows a data race.
"),
    case!("r-soundness-uninit", true, Uninitialized, ["unsound", "uninitialized"],
"Fix soundness issue in Buffer::set_len exposing uninitialized memory
"),
    case!("r-miri-uaf", true, UseAfterFree, ["miri-use-after-free", "uaf-freed-object"],
"arena: fix dangling pointer in Arena::reset

error: Undefined Behavior: pointer to alloc1234 was dereferenced after this allocation got freed
"),
    case!("r-miri-oob", true, OutOfBounds, ["miri-out-of-bounds"],
"simd: use the tail length for the last chunk

error: Undefined Behavior: memory access failed: alloc9 has size 4, so pointer to 8 bytes starting at offset 0 is out-of-bounds
"),
    case!("r-clippy", false, NotMemory, ["scope-style"],
"fix clippy warnings
"),
    case!("r-cargo-fmt", false, NotMemory, ["scope-style"],
"style: run cargo fmt
"),
    case!("r-capacity-overflow", true, IntegerOverflow, ["integer-overflow", "buffer-overflow"],
"Fix integer overflow in RawVec capacity computation

An overflowing multiplication led to a too small allocation and a heap overflow
in the unsafe copy below.
"),
    case!("r-panic-past-end", true, NotMemory, ["rust-panic-on-index"],
"Fix panic when indexing past the end of the vec
"),
    case!("r-unsafe-drop-uaf", true, UseAfterFree, ["uaf"],
"fix use-after-free in unsafe Drop impl of RawTable
"),
    case!("r-atomic-race", true, DataRace, ["data-race"],
"Fix data race in AtomicCell::swap
"),
    case!("r-test-uaf", false, NotMemory, ["test-addition"],
"add test for use-after-free in Arena
"),
    case!("r-bump-to-fix", true, OtherMemory, ["stack-overflow"],
"deps: bump the parser crate to fix a stack overflow on nested input (RUSTSEC-2031-0007)
"),
    case!("r-double-free-drop", true, DoubleFree, ["double-free"],
"Fix double free in IntoIter::drop when an element destructor panics
"),
    case!("r-ci-flaky-race", true, NotMemory, ["race-build"],
"ci: fix flaky race in integration tests
"),
    case!("r-typo-docs", false, NotMemory, ["scope-docs"],
"Fix typo in the docs of Vec::set_len
"),
    case!("r-unsafe-get-unchecked", true, OutOfBounds, ["out-of-bounds"],
"Fix out-of-bounds read in unsafe get_unchecked call
"),
    case!("r-transmute-wrong-type", true, TypeConfusion, ["type-confusion"],
"ffi: fix transmute of callback data to the wrong type
"),
    case!("r-unwrap-none", true, NotMemory, ["rust-slice-panic"],
"config: return an error for a missing key

called `Option::unwrap()` on a `None` value
"),
    case!("r-feature", false, NotMemory, [],
"Add Arc::into_raw_parts and Arc::from_raw_parts
"),
];
