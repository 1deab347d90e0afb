//! Kernel-style messages: `subsys: component: summary`, a body with
//! sanitizer splats, trailers. All invented.

use crate::{case, Case};

pub const CASES: &[Case] = &[
    case!("k-syzbot-kasan-uaf", true, UseAfterFree, ["kasan-use-after-free", "bot-syzbot", "fixes-trailer", "cc-stable", "closes-trailer"],
"net/tinkle: fix use-after-free in tinkle_sock_release()

syzbot reported a use-after-free:

BUG: KASAN: slab-use-after-free in tinkle_sock_release+0x2f4/0x330 net/tinkle/af_tinkle.c:812
Read of size 8 at addr ffff88801f2e3c40 by task syz-executor.3/10511

The socket can be released while the timer callback still holds a pointer
to it. Stop the timer before dropping the last reference.

Fixes: 9c3b1f00aa11 (\"net/tinkle: add keepalive timer\")
Reported-by: syzbot+5a5b5c5d5e5f60616263@syzkaller.appspotmail.com
Closes: https://syzkaller.appspot.com/bug?extid=5a5b5c5d5e5f60616263
Cc: stable@vger.kernel.org
Signed-off-by: Ana Example <ana@example.org>
"),
    case!("k-race-corrupts-list-not-a-warning-fix", true, DataRace, ["data-race"],
"net/tinkle: fix race between tinkle_release() and the rx softirq

The softirq can walk the queue while release empties it on another CPU,
and the list ends up corrupted. Take the queue lock in release.
"),
    case!("k-tool-beats-subject", true, OutOfBounds, ["kasan-out-of-bounds", "uaf"],
"wibble: fix use-after-free in wibble_close()

BUG: KASAN: slab-out-of-bounds in wibble_close+0x1c/0x80
Read of size 4 at addr ffff888012345678 by task wibd/77

Signed-off-by: Bo Example <bo@example.org>
"),
    case!("k-kasan-global-oob", true, OutOfBounds, ["kasan-out-of-bounds", "out-of-bounds"],
"drm/zork: avoid out-of-bounds read of the mode table

BUG: KASAN: global-out-of-bounds in zork_mode_lookup+0x88/0xa0
Read of size 2 at addr ffffffff8a0b0c0d by task modeset/1
"),
    case!("k-kasan-stack-oob", true, OutOfBounds, ["kasan-out-of-bounds"],
"hid: blorp: bound the report id before indexing

BUG: KASAN: stack-out-of-bounds in blorp_raw_event+0x91/0x120
Write of size 1 at addr ffffc90000a7f9b8 by task kworker/0:2/55

Reported-by: syzbot+00112233445566778899@syzkaller.appspotmail.com
"),
    case!("k-kasan-vmalloc-oob", true, OutOfBounds, ["kasan-out-of-bounds"],
"bpf: frob: check the key size in frob_map_get_next_key()

BUG: KASAN: vmalloc-out-of-bounds in frob_map_get_next_key+0x4a/0x70
"),
    case!("k-kasan-null-with-gpf", true, NullDeref, ["kasan-null-ptr-deref", "oops-general-protection"],
"bpf: frob: fix NULL dereference in frob_map_update()

general protection fault, probably for non-canonical address 0xdffffc0000000002: 0000 [#1] PREEMPT SMP KASAN
KASAN: null-ptr-deref in range [0x0000000000000010-0x0000000000000017]
CPU: 1 PID: 4321 Comm: syz-executor Not tainted
RIP: 0010:frob_map_update+0x53/0x2a0
"),
    case!("k-syzbot-gpf-title-only", true, OtherMemory, ["title-general-protection", "bot-syzbot"],
"qux: check the link state before attaching

syzbot found the following issue:

general protection fault in qux_attach

Reported-by: syzbot+aabbccddeeff00112233@syzkaller.appspotmail.com
"),
    case!("k-kasan-wild-access", true, OtherMemory, ["kasan-wild-access"],
"mm/frob: reject unaligned descriptors

BUG: KASAN: wild-memory-access in frob_walk+0x10/0x40
"),
    case!("k-kasan-double-free", true, DoubleFree, ["kasan-double-free"],
"usb: gadget: blip: clear the pointer after release

BUG: KASAN: double-free in blip_unbind+0x33/0x60
"),
    case!("k-kasan-invalid-free", true, InvalidFree, ["kasan-invalid-free"],
"sound: tinkle: free the ring with the matching allocator

BUG: KASAN: invalid-free in tinkle_free_ring+0x11/0x22
"),
    case!("k-kmsan-uninit", true, Uninitialized, ["kmsan-uninit", "bot-syzbot"],
"net: zap: initialise the header before sending

BUG: KMSAN: uninit-value in zap_xmit+0x99/0x100
 zap_xmit+0x99/0x100 net/zap/core.c:301

Reported-by: syzbot+ffeeddccbbaa99887766@syzkaller.appspotmail.com
"),
    case!("k-kmsan-infoleak", true, Uninitialized, ["kmsan-uninit", "infoleak"],
"tinkle: fix kernel-infoleak in tinkle_getname()

BUG: KMSAN: kernel-infoleak in instrument_copy_to_user
The padding of struct tinkle_addr is copied to user space uninitialised.
"),
    case!("k-kcsan-data-race", true, DataRace, ["kcsan-data-race"],
"wibble: annotate lockless reads of wb->state

BUG: KCSAN: data-race in wibble_tick / wibble_stop
"),
    case!("k-ubsan-array-index", true, OutOfBounds, ["ubsan-array-index"],
"media: zz: clamp the channel number

UBSAN: array-index-out-of-bounds in drivers/media/zz/zz-core.c:512:17
index 9 is out of range for type 'struct zz_chan [8]'
"),
    case!("k-ubsan-shift", true, NotMemory, ["ubsan-shift"],
"fs/qfs: fix shift-out-of-bounds in qfs_fill_super()

UBSAN: shift-out-of-bounds in fs/qfs/super.c:301:19
shift exponent 77 is too large for 32-bit type 'int'
"),
    case!("k-ubsan-signed-overflow-alone", true, NotMemory, ["ubsan-integer-overflow"],
"time: zz: use a 64-bit accumulator for the delta

UBSAN: signed-integer-overflow in kernel/time/zz-clock.c:45:20
2147483647 + 1 cannot be represented in type 'int'
"),
    case!("k-ubsan-signed-overflow-size", true, IntegerOverflow, ["ubsan-integer-overflow"],
"net: blorp: widen the element count

UBSAN: signed-integer-overflow in net/blorp/table.c:88:3

The wrapped count is later used as the allocation size for the table.
"),
    case!("k-oops-null", true, NullDeref, ["oops-null-deref"],
"platform/zz: frob: wait for the firmware before probing

BUG: kernel NULL pointer dereference, address: 0000000000000008
#PF: supervisor read access in kernel mode
"),
    case!("k-oops-null-arm64", true, NullDeref, ["oops-null-deref"],
"soc: blip: keep the clock enabled during suspend

Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000
Mem abort info:
"),
    case!("k-oops-page-fault", true, OtherMemory, ["oops-page-fault"],
"x86/zz: map the trampoline before use

BUG: unable to handle page fault for address: ffffc90000abc000
"),
    case!("k-gpf-with-specific-subject", true, UseAfterFree, ["oops-general-protection", "uaf"],
"drm/zork: fix use-after-free on hot-unplug

general protection fault, probably for non-canonical address 0x6b6b6b6b6b6b6b6b: 0000 [#1] SMP
RIP: 0010:zork_fb_dirty+0x21/0x90
"),
    case!("k-double-free-subject", true, DoubleFree, ["double-free", "fixes-trailer", "cc-stable"],
"usb: gadget: blip: fix double free in blip_unbind()

The request is freed in the completion handler and again on unbind.

Fixes: 1a2b3c4d5e6f (\"usb: gadget: blip: add zero-length packet support\")
Cc: <stable@vger.kernel.org>
"),
    case!("k-uninit-variable", true, Uninitialized, ["uninitialized"],
"mm/frob: fix uninitialized variable in frob_scan()

ret is returned without being set when the list is empty.
"),
    case!("k-prevent-null", true, NullDeref, ["null-deref"],
"iio: adc: zx12: prevent NULL dereference on unbind

Fixes: 00aa11bb22cc (\"iio: adc: zx12: add triggered buffer\")
"),
    case!("k-race-between", true, DataRace, ["data-race"],
"fs/qfs: fix race between qfs_evict() and qfs_writeback()

Both paths touch inode->i_private without the inode lock.
"),
    case!("k-close-race", true, DataRace, ["data-race", "fix-verb"],
"net: blorp: close a race in blorp_remove()
"),
    case!("k-memleak", true, MemoryLeak, ["memory-leak"],
"scsi: zorp: fix memleak in zorp_probe()

The host template is not freed on the error path.
"),
    case!("k-refcount-leak-uaf", true, UseAfterFree, ["uaf", "memory-leak"],
"nvme: zz: fix refcount leak leading to UAF in zz_open()
"),
    case!("k-crypto-buffer-overflow", true, OutOfBounds, ["buffer-overflow"],
"crypto: quux - fix buffer overflow in quux_setkey()
"),
    case!("k-oob-acronym", true, OutOfBounds, ["out-of-bounds"],
"fs/qfs: avoid OOB read in qfs_readdir()
"),
    case!("k-integer-overflow-not-memory", true, NotMemory, ["integer-overflow"],
"thermal: zap: fix integer overflow in the trip point temperature
"),
    case!("k-integer-overflow-alloc", true, IntegerOverflow, ["integer-overflow"],
"net: wibble: fix integer overflow in wb_alloc_ring() size calculation

A large ring count wraps the multiplication and a too small allocation follows.
"),
    case!("k-recursion-stack-overflow", true, OtherMemory, ["stack-overflow"],
"fs/qfs: limit the depth of qfs_walk_dir()

Deeply nested directories cause unbounded recursion and a kernel stack overflow.
"),
    case!("k-memory-corruption", true, OtherMemory, ["memory-corruption"],
"drm/zork: fix memory corruption on resize
"),
    case!("k-type-confusion", true, TypeConfusion, ["type-confusion"],
"bpf: fix type confusion in frob_map_lookup_elem()
"),
    case!("k-missing-bounds-check", true, OutOfBounds, ["missing-bounds-check"],
"media: zz: add missing bounds check in zz_s_ctrl()
"),
    case!("k-kmemleak", true, MemoryLeak, ["kmemleak", "memory-leak"],
"net: zap: fix memory leak in zap_create()

unreferenced object 0xffff888100c0ffee (size 64):
  comm \"zapd\", pid 42, jiffies 4294901234
"),
    case!("k-syzbot-memleak-title", true, MemoryLeak, ["title-memory-leak", "bot-syzbot"],
"sound: tinkle: release the buffer on the error path

syzbot reported:

memory leak in tinkle_alloc_ctx

Reported-by: syzbot+0a0b0c0d0e0f10111213@syzkaller.appspotmail.com
"),
    case!("k-syzbot-warning-title", true, NotMemory, ["title-not-memory"],
"wibble: do not warn on short frames

syzbot hit the following warning:

WARNING in wibble_rx

Reported-by: syzbot+99aa88bb77cc66dd55ee@syzkaller.appspotmail.com
"),
    case!("k-syzbot-deadlock-title", true, NotMemory, ["title-not-memory"],
"snd: frob: take the locks in the same order

possible deadlock in snd_frob_open
"),
    case!("k-cve-in-rework", true, NotMemory, ["cve-id"],
"zap: rework the state machine

This addresses CVE-2031-45678.
"),
    case!("k-stable-quirk", true, NotMemory, ["cc-stable"],
"ALSA: tinkle: add quirk for the Frobnicator 3000

Cc: <stable@vger.kernel.org>
"),
    case!("k-feature-mentions-uaf", false, NotMemory, [],
"mm/kfoo: add debug checks to catch use-after-free

This adds a poison pattern so that accesses to freed objects show up.
"),
    case!("k-refactor", false, NotMemory, [],
"net: wibble: convert to the new frob API

No functional change.
"),
    case!("k-test-robot-build", true, NotMemory, ["bot-kernel-test-robot", "closes-trailer"],
"drm/zork: fix build error without CONFIG_ZZ

Reported-by: kernel test robot <lkp@intel.com>
Closes: https://lore.example.org/oe-kbuild-all/203101010101.AbCdEf@lkp/
"),
    case!("k-coverity-uninit", true, Uninitialized, ["bot-coverity", "uninitialized"],
"scsi: blip: fix uninitialized ret in blip_reset()

Addresses-Coverity-ID: 1598765 (\"Uninitialized scalar variable\")
"),
    case!("k-hulk-robot-null", true, NullDeref, ["bot-hulk-robot", "null-deref"],
"tinkle: fix possible NULL pointer dereference in tinkle_probe()

Reported-by: Hulk Robot <hulkci@huawei.com>
"),
    case!("k-return-null-crash", true, NullDeref, ["null-crash"],
"zap: return NULL instead of ERR_PTR to avoid a crash in callers
"),
    case!("k-lockless-access", true, DataRace, ["data-race"],
"net: blorp: use READ_ONCE() for lockless access to the queue head
"),
    case!("k-refcount-leak", true, MemoryLeak, ["memory-leak"],
"of: blip: fix refcount leak in of_blip_probe()
"),
    case!("k-error-pointer", true, OtherMemory, ["invalid-pointer-access"],
"tinkle: fix error pointer dereference in tinkle_open()
"),
    case!("k-paging-request", true, OtherMemory, ["oops-page-fault"],
"arm64: zz: keep the vector page mapped

Unable to handle kernel paging request at virtual address dead000000000108
"),
    case!("k-list-corruption", true, OtherMemory, ["oops-list-corruption"],
"net: zap: remove the entry under the lock

list_del corruption. prev->next should be ffff888012345678, but was dead000000000100
"),
    case!("k-refcount-underflow", true, UseAfterFree, ["refcount-warning-uaf"],
"net: frob: take a reference for the timer

refcount_t: underflow; use-after-free.
WARNING: CPU: 0 PID: 13 at lib/refcount.c:28 refcount_warn_saturate+0x1/0x2
"),
    case!("k-validate-with-body-oob", true, OutOfBounds, ["access-past-end"],
"net: blorp: validate the TLV length in blorp_parse()

A crafted packet makes the loop read past the end of the buffer.
"),
    case!("k-infoleak-wording", true, Uninitialized, ["infoleak"],
"net: tinkle: fix info leak in tinkle_dump()
"),
    case!("k-invalid-free-wording", true, InvalidFree, ["invalid-free"],
"misc: zz: fix kfree of stack buffer in zz_ioctl()
"),
    case!("k-generic-subject-beats-body-leak", true, OtherMemory, ["memory-corruption", "memory-leak"],
"mm/frob: fix list corruption after frob_cache_destroy()

A module that does not free all of its objects leaks them, and the cache
stays on the global list after it is destroyed.
"),
    case!("kernel-lifetime-wording", true, UseAfterFree, ["uaf-lifetime"],
"zork: hold the namespace during deferred requeue

The queued packet keeps a pointer to the namespace, and that pointer must stay
valid until the deferred callback runs. Take a reference when queueing.
"),
    case!("kernel-powerpc-oops", true, OtherMemory, ["oops-page-fault"],
"frob: restore the saved register on the patched path

  BUG: Unable to handle kernel data access on write at 0xc0000000001234
  Oops: Kernel access of bad area, sig: 11 [#1]
"),
    case!(
        "k-arm64-oops-low-address",
        true,
        NullDeref,
        ["oops-low-address"],
        "wifi: zz: fix oops on single-band parts

 Unable to handle kernel read from unreadable memory at virtual address 0000000000000024
 Mem abort info:
"
    ),
    case!(
        "k-uafs-plural",
        true,
        UseAfterFree,
        ["uaf"],
        "drm/zz: fix potential zz_mem UAFs

The pointers are only valid while the lock is held.
"
    ),
    case!(
        "k-dangling-field",
        true,
        UseAfterFree,
        ["uaf-freed-object"],
        "net: zz: fix the cleanup when probing fails

Otherwise the bus is left with a dangling 'upstream' field that the
next event uses.
"
    ),
    case!(
        "k-never-initialized-members",
        true,
        Uninitialized,
        ["uninitialized"],
        "zz: meter: avoid use of uninit sender vars

The handler reads sender-only members that were never initialized.
"
    ),
    case!(
        "k-validate-length-before-decode",
        true,
        OutOfBounds,
        ["validate-length"],
        "scsi: zz: validate the response length before base64 decode

The digest is allocated with the hash's size, and a longer response
decodes past it.
"
    ),
    case!(
        "k-access-released-memory",
        true,
        UseAfterFree,
        ["uaf-released-memory"],
        "crypto: zz - inject the error before stopping the queue

The queue's memory may be released as soon as it stops, so the engine
could still access the released memory.

Fixes: 0123456789ab (\"crypto: zz - add error recovery\")
"
    ),
    case!(
        "k-skb-over-panic",
        true,
        OutOfBounds,
        ["skb-over-panic"],
        "net: zz: account for the trailer when sizing tx frames

skbuff: skb_over_panic: text:ffffffff81234567 len:200 put:180 head:ffff888100000000 data:ffff888100000000 tail:0xc8 end:0xc0 dev:<NULL>

Fixes: 0123456789ab (\"net: zz: add tx path\")
"
    ),
    case!(
        "k-unchecked-null-return",
        true,
        NullDeref,
        ["null-return-unchecked"],
        "pinctrl: zz: check what devm_kstrdup() returns

devm_kstrdup() can return NULL on failure, but the result was never
checked before use.

Fixes: 0123456789ab (\"pinctrl: zz: add driver\")
"
    ),
    case!(
        "k-null-function-pointer",
        true,
        NullDeref,
        ["null-return-unchecked"],
        "net: zz: fix a panic when the feature is set on a running device

The stack would then execute a poll function pointer that is NULL.

Fixes: 0123456789ab (\"net: zz: add feature\")
"
    ),
    case!(
        "k-negative-offset-write",
        true,
        OutOfBounds,
        ["access-past-end"],
        "thunderbolt: zz: reject empty text entries

An empty text entry makes the terminator write go to offset -1 of
the value. It writes to offset -1 relative to the allocation.

Fixes: 0123456789ab (\"thunderbolt: zz: add properties\")
"
    ),
];
