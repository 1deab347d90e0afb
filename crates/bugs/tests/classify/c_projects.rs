//! Messages in the style of curl-like C projects: `area: summary`, a short
//! body, `Reported-by:`, `Closes #1234` (a pull request), OSS-Fuzz credit,
//! sanitizer and Valgrind output. All invented.

use crate::{case, Case};

pub const CASES: &[Case] = &[
    case!("c-heap-overflow", true, OutOfBounds, ["buffer-overflow", "reported-by"],
"lib: fix heap buffer overflow in parse_hdr()

A header line longer than the scratch buffer was copied without a check.

Reported-by: Joe Tester
Closes #12345
"),
    case!("c-oss-fuzz-overread", true, OutOfBounds, ["bot-oss-fuzz", "buffer-overflow", "bug-trailer"],
"urlapi: avoid over-read of the port number

Credit to OSS-Fuzz
Bug: https://bugs.chromium.org/p/oss-fuzz/issues/detail?id=55555
Closes #11111
"),
    case!("c-asan-heap-uaf", true, UseAfterFree, ["asan-use-after-free"],
"conn: stop using the connection once it is closed

==1234==ERROR: AddressSanitizer: heap-use-after-free on address 0x6060000001a8 at pc 0x55d5 bp 0x7ffd sp 0x7ffc
READ of size 8 at 0x6060000001a8 thread T0
"),
    case!("c-asan-stack-overflow-buffer", true, OutOfBounds, ["asan-buffer-overflow"],
"ftp: size the PASV reply buffer from the reply

==99==ERROR: AddressSanitizer: stack-buffer-overflow on address 0x7ffe12345678
"),
    case!("c-asan-global-overflow", true, OutOfBounds, ["asan-buffer-overflow"],
"escape: stop at the table end

SUMMARY: AddressSanitizer: global-buffer-overflow lib/escape.c:77 in zz_escape
"),
    case!("c-asan-segv-zero-page", true, NullDeref, ["asan-zero-page", "asan-segv"],
"mime: bail out when the part has no name

==77==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000018
==77==Hint: address points to the zero page.
"),
    case!("c-asan-double-free", true, DoubleFree, ["asan-double-free"],
"cookie: clear the pointer after freeing the jar

==5==ERROR: AddressSanitizer: attempting double-free on 0x6030000000a0 in thread T0:
"),
    case!("c-asan-bad-free", true, InvalidFree, ["asan-invalid-free"],
"tool: only free what we allocated

==5==ERROR: AddressSanitizer: attempting free on address which was not malloc()-ed: 0x7ffd0000
"),
    case!("c-valgrind-freed-block", true, UseAfterFree, ["valgrind-freed-block", "valgrind-invalid-access"],
"multi: do not touch the easy handle after removal

==4711== Invalid read of size 4
==4711==    at 0x4C2B: zz_multi_perform (multi.c:1234)
==4711==  Address 0x5a1b040 is 8 bytes inside a block of size 32 free'd
"),
    case!("c-valgrind-uninit", true, Uninitialized, ["valgrind-uninit"],
"sasl: set the mechanism length in all paths

==5== Conditional jump or move depends on uninitialised value(s)
==5==    at 0x4F00: zz_sasl_decode (sasl.c:88)
"),
    case!("c-valgrind-leak", true, MemoryLeak, ["valgrind-leak"],
"tool: free the option list on exit

==5==    definitely lost: 48 bytes in 1 blocks
"),
    case!("c-msan-uninit", true, Uninitialized, ["msan-uninit"],
"http: zero the digest state before use

==9==WARNING: MemorySanitizer: use-of-uninitialized-value
"),
    case!("c-tsan-race", true, DataRace, ["tsan-data-race"],
"share: lock the DNS cache while pruning

WARNING: ThreadSanitizer: data race (pid=4711)
  Write of size 8 at 0x7b0c by thread T2:
"),
    case!("c-memleak-error", true, MemoryLeak, ["memory-leak"],
"ftp: fix memory leak on error
"),
    case!("c-int-overflow-length-check", true, IntegerOverflow, ["integer-overflow"],
"http2: fix integer overflow in the header length check
"),
    case!("c-null-deref", true, NullDeref, ["null-deref"],
"mime: fix NULL dereference when the filename is missing
"),
    case!("c-oss-fuzz-issues-link", true, OutOfBounds, ["access-past-end", "bot-oss-fuzz", "fixes-issue"],
"smtp: reject oversized response lines

A crafted response could write past the end of the line buffer.

fixes https://github.com/example/zz/issues/4242
Found by https://issues.oss-fuzz.com/issues/424242
"),
    case!("c-coverity-cid", true, NotMemory, ["bot-coverity"],
"tftp: check the return code of recvfrom()

Coverity CID 1502222
"),
    case!("c-use-of-uninit", true, Uninitialized, ["uninitialized"],
"sasl: fix use of uninitialized buffer
"),
    case!("c-double-free-session", true, DoubleFree, ["double-free"],
"vtls: fix double free of the session id
"),
    case!("c-json-stack-overflow", true, OtherMemory, ["stack-overflow"],
"json: fix stack overflow on deeply nested arrays
"),
    case!("c-docs-buffer-overflow", false, NotMemory, ["scope-docs"],
"docs/libzz: clarify the buffer overflow behaviour of zz_recv()
"),
    case!("c-test-for-heap-overflow", false, NotMemory, ["test-addition"],
"tests: add test 2345 for the heap overflow in the parser
"),
    case!("c-compiler-warning-null", false, NotMemory, ["scope-style"],
"lib: fix compiler warning about a possible null pointer
"),
    case!("c-parallel-make-install", true, NotMemory, ["race-build"],
"configure: fix race in parallel make install
"),
    case!("c-feature", false, NotMemory, [],
"lib: add support for the frobnicate protocol

Closes #9876
"),
    case!("c-off-by-one-buffer", true, OutOfBounds, ["off-by-one"],
"http: fix off-by-one in the header buffer
"),
    case!("c-off-by-one-counter", true, NotMemory, ["off-by-one"],
"lib: fix off-by-one in the retry counter
"),
    case!("c-github-fixes-issue", true, NotMemory, ["fixes-issue"],
"url: handle IPv6 zone ids properly

Fixes #4321
Closes #4322
"),
    case!("c-silence-bogus-warning", false, NotMemory, [],
"lib: silence a bogus compiler warning about a null pointer dereference
"),
    case!("c-oom-crash", true, NullDeref, ["oom-crash"],
"cookie: fix OOM crash

A failed strdup() would lead to NULL being passed on.
"),
    case!("c-negative-index", true, OutOfBounds, ["negative-index"],
"hostcheck: an empty name caused a -1 index offset

The code assumed a non-zero length.
"),
    case!("cpp-invalidated-iterator", true, UseAfterFree, ["uaf-freed-object"],
"history: fix a crash in trim

A loop kept using an iterator that had been invalidated by erase().
"),
    case!("c-read-after-freed", true, UseAfterFree, ["uaf-freed-object"],
"pool: release the entry only after the last reader

The entry was still read after it was freed when two handles shared it.
"),
    case!("c-seg-fault", true, OtherMemory, ["segfault"],
"tool: fix seg fault when the config file is empty
"),
    case!("c-process-race-over-files", true, NotMemory, ["data-race"],
"pack: fix race with a repack deleting the pack file

Another process can delete the file between checking for it and reading it.
"),
    case!("c-thread-race", true, DataRace, ["data-race"],
"progress: fix race between the display thread and the updater

Both touch the counter without holding the mutex.
"),
    case!("c-use-before-null-check", true, NullDeref, ["null-check"],
"tftp: do not read the option pointer before the NULL check

Found by a static analyzer.
"),
    case!("c-unchecked-allocation", true, NullDeref, ["null-check"],
"- Fixed a case where calloc() was called but
  the result was not checked for a NULL return, in the proxy code.
"),
    case!("c-bad-memory-free", true, InvalidFree, ["invalid-free"],
"tool: fix bad memory free when the config dir is empty

The buffer could come from the library's allocator.
"),
    case!("c-room-for-terminator", true, OutOfBounds, ["past-terminator"],
"cookie: the name buffer needs +1 size for the trailing zero
"),
    case!("c-wrapped-subject", true, NullDeref, ["null-check"],
"sockets: undo the earlier change and instead check that the set pointer
is non-NULL before clearing a descriptor in it
"),
    case!("c-wrapped-body-line", true, OutOfBounds, ["access-past-end"],
"parser: stop at the terminator

A name without its terminator made the loop read
past the end of the buffer.
"),
    case!("c-paragraphs-stay-apart", false, NotMemory, [],
"docs: describe the option

The manual now says what the option does, and what happens when
it is unset.
"),
    case!("c-null-homedir", true, NullDeref, ["null-input"],
"sftp: return an error when given a NULL home directory

Closes #4711
"),
    case!("c-null-contract-is-not-a-bug", false, NotMemory, [],
"util: add a helper that clears secrets

The helper must not be passed a NULL pointer; callers check first.
"),
    case!("c-overflow-long-lines", true, OutOfBounds, ["buffer-overflow"],
"reader: allocate the line buffer to avoid overflow on long lines
"),
    case!("c-correct-free-function", true, InvalidFree, ["invalid-free"],
"sspi: use the correct free function

Buffers the library allocates are released with its own function.
"),
    case!("c-fclose-null", true, NullDeref, ["null-input"],
"tool: avoid fclose(NULL) on a bad dump file
"),
    case!("c-overlapping-strcpy", true, OtherMemory, ["overlap-or-readonly"],
"fix overlapping memory chunks with strcpy(), found by valgrind
"),
    case!("c-not-zero-terminated", true, OutOfBounds, ["unterminated-string"],
"http2: avoid strstr() on data not zero terminated
"),
    case!("c-single-byte-overflow", true, OutOfBounds, ["buffer-overflow"],
"fixed a single-byte overflow in the string append
"),
    case!("c-null-after-fclose", true, DoubleFree, ["null-after-free"],
"tool: NULL the output pointer after it has been fclosed()
"),
    case!("c-clear-after-free", true, DoubleFree, ["null-after-free"],
"clear conn->sendbuf when we have freed the memory it pointed to
"),
    case!("c-valgrind-finding", true, OtherMemory, ["valgrind-finding"],
"parser: fix two problems detected by valgrind in the header tests
"),
    case!("c-valgrind-leak-wording", true, MemoryLeak, ["valgrind-leak-wording"],
"cookie: fix the leak valgrind reported in the jar loader
"),
    case!("c-valgrind-in-build", true, NotMemory, [],
"cmake: fix the library detection

Tests failed as valgrind complained about the wrong library being loaded.
"),
    case!("c-race-on-static-variable", true, DataRace, [],
"tls: avoid a static variable for the init flag

Two transfers could race on the static variable when setting it up.
"),
    case!("c-integer-overflow-with-cve", true, IntegerOverflow, ["integer-overflow"],
"unescape: avoid integer overflow

CVE-2099-12345
"),
    case!("c-strlen-of-null", true, NullDeref, ["null-call"],
"post: treat a missing body as empty

Setting the POST option without a body made us strlen() a NULL pointer.
"),
    case!("c-pointer-to-freed-struct", true, UseAfterFree, ["uaf-freed-struct"],
"reconnect: clear the handle pointer on failure

The function could return a pointer to a free()d struct when the cleanup failed.
"),
    case!("c-byte-past-terminator", true, OutOfBounds, ["past-terminator"],
"pasv: avoid reading the reply one byte past the NUL
"),
    case!("c-failed-to-terminate", true, OutOfBounds, ["unterminated-string"],
"resolver: terminate the expanded name

The old code failed to NUL-terminate the name on an empty answer.
"),
    case!("c-extra-fclose", true, DoubleFree, ["extra-release"],
"upload: remove the extra fclose() on the error path
"),
];
