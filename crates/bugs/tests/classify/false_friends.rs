//! Words that look like a memory-safety bug class but are not one. All
//! invented.

use crate::{case, Case};

pub const CASES: &[Case] = &[
    case!(
        "ff-memory-leak-not-memory-safety",
        true,
        MemoryLeak,
        ["memory-leak"],
        "net: zap: fix memory leak in zap_probe()
"
    ),
    case!(
        "ff-counter-overflow",
        true,
        NotMemory,
        ["overflow-counter"],
        "net: fix rx_packets counter overflow on 32-bit hosts
"
    ),
    case!(
        "ff-statistics-overflow",
        true,
        NotMemory,
        ["overflow-counter"],
        "stats: avoid u32 statistics overflow
"
    ),
    case!(
        "ff-ui-button-overflow",
        true,
        NotMemory,
        ["overflow-ui"],
        "ui: fix long label text overflows the button
"
    ),
    case!(
        "ff-css-overflow",
        false,
        NotMemory,
        ["overflow-ui"],
        "css: use overflow: hidden for the log panel
"
    ),
    case!(
        "ff-stack-overflow-docs-link",
        false,
        NotMemory,
        ["scope-docs"],
        "docs: add link to the Stack Overflow answer on signal safety
"
    ),
    case!(
        "ff-stack-overflow-url",
        true,
        NotMemory,
        ["fix-verb"],
        "shell: fix quoting of arguments

See https://stackoverflow.com/questions/123/stack-overflow-in-quoting for background.
"
    ),
    case!(
        "ff-build-race",
        true,
        NotMemory,
        ["race-build"],
        "build: fix race in the build of generated headers
"
    ),
    case!(
        "ff-makefile-race",
        true,
        NotMemory,
        ["race-build"],
        "Makefile: fix parallel make race
"
    ),
    case!(
        "ff-race-that-deadlocks",
        true,
        NotMemory,
        ["not-memory-bug"],
        "zorp: fix ABBA deadlock between the reset worker and close

The reset worker takes the port mutex and then waits for the queue lock,
while close holds the queue lock and cancels the worker. The two threads
race and each waits for the other forever.
"
    ),
    case!(
        "ff-race-trips-warn",
        true,
        NotMemory,
        [],
        "sched/blip: fix warning in blip_set_mask()

A mask update can race with a CPU going offline, so the new mask can end
up empty and the WARN_ON_ONCE() in blip_apply() fires. Fall back to the
default mask instead.
"
    ),
    case!(
        "ff-race-sleeps-in-atomic",
        true,
        NotMemory,
        [],
        "gpio: wibble: fix sleeping in atomic context from the irq path

The irq handler races with the config update and calls a function that
takes a mutex while a spinlock is held. Move the update out of the lock.
"
    ),
    case!(
        "ff-firmware-crash",
        true,
        NotMemory,
        ["firmware-crash"],
        "wifi: blip: fix firmware crash on a large station id

Setting a station id above 30 makes the device firmware crash. Reject
such ids when the station is added.
"
    ),
    case!(
        "ff-flaky-test-race",
        true,
        NotMemory,
        [],
        "tests: fix flaky test caused by a race in the test harness
"
    ),
    case!(
        "ff-kunit-kasan-tests",
        false,
        NotMemory,
        ["test-addition"],
        "kunit: add KASAN tests for double-free
"
    ),
    case!(
        "ff-selftests-uaf",
        false,
        NotMemory,
        ["test-addition"],
        "selftests/bpf: add uaf test for the frob map
"
    ),
    case!(
        "ff-add-test-uaf",
        false,
        NotMemory,
        ["test-addition"],
        "add test for use-after-free in zz_close()
"
    ),
    case!(
        "ff-null-terminator-docs",
        false,
        NotMemory,
        ["scope-docs"],
        "docs: handle null terminator in the examples
"
    ),
    case!(
        "ff-return-null",
        true,
        NotMemory,
        ["fixes-trailer"],
        "zap: return NULL instead of ERR_PTR from zap_lookup()

Fixes: 0badc0de1234 (\"zap: add lookup helper\")
"
    ),
    case!(
        "ff-typo-use-after-fee",
        false,
        NotMemory,
        ["scope-docs"],
        "Documentation: fix typo 'use-after-fee'
"
    ),
    case!(
        "ff-nand-oob-layout",
        true,
        NotMemory,
        ["out-of-band"],
        "mtd: rawnand: zz: fix OOB layout for 4KiB pages
"
    ),
    case!(
        "ff-tcp-out-of-band",
        true,
        NotMemory,
        ["out-of-band"],
        "tcp: handle out-of-band data properly
"
    ),
    case!(
        "ff-race-to-idle",
        false,
        NotMemory,
        ["race-build"],
        "cpufreq: frob: use race-to-idle for the frob governor
"
    ),
    case!(
        "ff-null-cipher",
        true,
        NotMemory,
        ["null-other-senses"],
        "crypto: null cipher: fix the self test vector
"
    ),
    case!(
        "ff-kasan-false-positive",
        false,
        NotMemory,
        ["analyzer-claim"],
        "kasan: fix false positive use-after-free report on vmalloc
"
    ),
    case!(
        "ff-pointer-leak",
        true,
        NotMemory,
        ["pointer-leak"],
        "printk: don't leak kernel pointers in debug output
"
    ),
    case!(
        "ff-fifo-overflow-flag",
        true,
        NotMemory,
        ["overflow-counter"],
        "hw: zz: clear the FIFO overflow flag in the irq handler
"
    ),
    case!(
        "ff-int-overflow-runtime-counter",
        true,
        NotMemory,
        ["integer-overflow"],
        "sched: fix integer overflow in the runtime accounting
"
    ),
    case!(
        "ff-status-bar-text-overflow",
        true,
        NotMemory,
        ["overflow-ui"],
        "gui: fix status bar text overflow on narrow windows
"
    ),
    case!(
        "ff-comment-about-uaf",
        false,
        NotMemory,
        ["scope-docs"],
        "zz: fix the comment about use-after-free in zz_release()
"
    ),
    case!(
        "ff-typo-causing-oob",
        true,
        OutOfBounds,
        ["access-past-end"],
        "zz: fix typo causing a write beyond the end of the table
"
    ),
    case!(
        "ff-deadlock",
        true,
        NotMemory,
        [],
        "wibble: fix ABBA deadlock in wibble_suspend()
"
    ),
    case!(
        "ff-typo-in-comment",
        false,
        NotMemory,
        ["scope-docs"],
        "net: fix typo in comment
"
    ),
    case!(
        "ff-lock-leak",
        true,
        NotMemory,
        ["pointer-leak"],
        "blorp: fix rcu lock leak on the error path
"
    ),
    case!(
        "ff-refactor-avoid",
        false,
        NotMemory,
        [],
        "mm: refactor frob_alloc() to avoid code duplication
"
    ),
    case!(
        "ff-fixed-size",
        false,
        NotMemory,
        ["fixed-adjective"],
        "zz: switch to a fixed-size ring
"
    ),
    case!(
        "ff-shift-wording",
        true,
        NotMemory,
        ["shift-out-of-bounds"],
        "fs/qfs: avoid out-of-bounds shift in qfs_hash()
"
    ),
    case!(
        "ff-kernel-panic-oob",
        true,
        OutOfBounds,
        ["out-of-bounds"],
        "zz: fix kernel panic due to out-of-bounds access in zz_irq()
"
    ),
    case!(
        "silence-analyzer-warnings",
        false,
        NotMemory,
        [],
        "lib: silence null-dereference warnings

An old compiler warns after each debug assertion that a pointer is not NULL.
"
    ),
    case!(
        "disable-a-test",
        false,
        NotMemory,
        [],
        "Disable the interrupt handling expect test

Under the thread sanitizer its timing exposes race conditions in the signal
handlers, which need a redesign.
"
    ),
    case!(
        "release-notes-name-a-bug",
        false,
        NotMemory,
        [],
        "RELEASE-NOTES: mention the proxy buffer overflow
"
    ),
    case!(
        "analyzer-false-positive-in-body",
        false,
        NotMemory,
        ["analyzer-claim"],
        "poll: skip the second pass when nothing is pending

This should also stop the analyzer from warning about possible NULL dereferences
in the loop (they were false positives anyway).
"
    ),
    case!(
        "maybe-uninitialized-warning",
        false,
        NotMemory,
        [],
        "zorp: fix 'may be used uninitialized' warning in zorp_probe
"
    ),
    case!(
        "ff-compiler-maybe-uninitialized",
        false,
        NotMemory,
        ["compiler-maybe-uninitialized"],
        "Initialize the length

gcc 13 complains that it might be used uninitialized.
"
    ),
    case!(
        "ff-realloc-of-null-is-defined",
        false,
        NotMemory,
        ["null-harmless"],
        "changed to not call realloc() on a NULL pointer
"
    ),
    case!(
        "ff-needless-null-check",
        false,
        NotMemory,
        ["null-harmless"],
        "no need to check for NULL pointers before dereferencing, as the
pointers are always set by the caller
"
    ),
    case!(
        "ff-skip-test-under-sanitizer",
        false,
        NotMemory,
        [],
        "checks: skip deep-recursion-stack-overflow under ASAN
"
    ),
    case!(
        "ff-valgrind-report-parser",
        false,
        NotMemory,
        ["tool-machinery"],
        "tests: move the valgrind report parser into its own module
"
    ),
    case!(
        "ff-divide-error-oops-is-not-memory",
        true,
        NotMemory,
        ["not-memory-bug"],
        "drm/zz: fix divide error in plane scaling

A zero destination size leads to an oops due to division by zero.
"
    ),
    case!(
        "ff-quoted-error-message",
        true,
        NotMemory,
        ["quoted-message"],
        "Remove \"Index out of bounds\" errors

Slices past the end of a list are now empty instead of an error.
"
    ),
    case!(
        "ff-shift-amount-out-of-bounds",
        true,
        NotMemory,
        ["shift-out-of-bounds"],
        "zz: fix the IRQ number test

The value comes from userspace, so the shift amount could be negative
or out of bounds.
"
    ),
    case!(
        "ff-msvc-uninitialized-warning",
        false,
        NotMemory,
        ["compiler-maybe-uninitialized", "scope-style"],
        "tls: fix uninitialized variable

Fix uninitialized variable (warning by MSVC):
lib\\tls.c(120,1): warning C4701: potentially uninitialized local variable 'result' used
"
    ),
    case!(
        "ff-validate-length-without-memory",
        false,
        NotMemory,
        ["validate-length"],
        "login: validate the password length

Passwords longer than the protocol allows are refused up front.
"
    ),
    case!(
        "c-analyzer-false-positive",
        false,
        NotMemory,
        [],
        "asn1: \"Dereference of null pointer\"

Reported by scan-build (false positive).
"
    ),
    case!(
        "c-maybe-uninitialized-warnings",
        false,
        NotMemory,
        [],
        "lib: fix maybe-uninitialized warnings

With -Og, GCC complains; initialize the two variables.
"
    ),
    case!(
        "ff-null-check-removed",
        true,
        NotMemory,
        [],
        "proto: remove a check for NULL

It implies that every other use needs one too, and static analyzers then
warn about missing NULL checks; the pointer is never NULL here.
"
    ),
    case!(
        "ff-mention-in-release-notes",
        false,
        NotMemory,
        ["scope-docs"],
        "mention the buffer overflows fixed since the last release
"
    ),
    case!(
        "c-uninitialized-variable-warning",
        false,
        NotMemory,
        [],
        "prng: fix potentially uninitialized result warning

Seen with an old compiler on one platform.
"
    ),
    case!(
        "cpp-conditional-uninitialized",
        false,
        NotMemory,
        [],
        "Fix conditionally uninitialized variables

Found with clang's -Wconditional-uninitialized.
"
    ),
    case!(
        "c-make-msan-happy",
        false,
        NotMemory,
        [],
        "lib: set the end pointers before calling the number parsers

To make MSAN happy:

    ==42==WARNING: MemorySanitizer: use-of-uninitialized-value
    #0 0x55d0 in parse_num lib/num.c:12:3
"
    ),
    case!(
        "c-squelch-quoted-warning",
        false,
        NotMemory,
        [],
        "Squelch the \"warning: 'len' might be used uninitialized in this function\".
"
    ),
];
