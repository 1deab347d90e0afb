//! Reverts (not fixes unless they say what they fix) and merges (never
//! fixes of their own). All invented.

use crate::{case, Case};

pub const CASES: &[Case] = &[
    case!(
        "m-merge-branch",
        false,
        NotMemory,
        ["merge"],
        "Merge branch 'net-fixes' into main

* fix use-after-free in frob_close()
* fix double free in blip_unbind()
"
    ),
    case!(
        "m-merge-tag",
        false,
        NotMemory,
        ["merge"],
        "Merge tag 'zork-fixes-2031-01-02' of git://git.example.org/pub/zork

Pull zork fixes: a NULL dereference and a memory leak.
"
    ),
    case!(
        "m-merge-pull-request",
        false,
        NotMemory,
        ["merge"],
        "Merge pull request #123 from someone/fix-uaf

Fix use-after-free in the parser
"
    ),
    case!(
        "v-revert-quoted-fix",
        false,
        NotMemory,
        ["revert"],
        "Revert \"zap: fix memory leak in zap_open()\"

This reverts commit 0a1b2c3d4e5f6a7b.

It causes a regression on frob boards.
"
    ),
    case!(
        "v-revert-with-fixes-tag",
        true,
        UseAfterFree,
        ["revert", "fixes-trailer", "uaf"],
        "Revert \"wibble: cache the skb in wibble_xmit()\"

This reverts commit 1234abcd5678ef90.

The cached skb introduced a use-after-free when the device is unplugged.

Fixes: 1234abcd5678 (\"wibble: cache the skb in wibble_xmit()\")
"
    ),
    case!(
        "v-revert-fix-wording",
        true,
        DoubleFree,
        ["revert", "double-free"],
        "Revert \"net: wibble: reuse the completion buffer\"

This reverts commit abcdef123456.

The buffer is freed twice on close; revert the change to fix the double free.
"
    ),
    case!(
        "v-revert-syzbot",
        true,
        UseAfterFree,
        ["revert", "kasan-use-after-free"],
        "Revert \"blorp: defer the release to a worker\"

This reverts commit 9988776655aa.

syzbot reports:
BUG: KASAN: slab-use-after-free in blorp_worker+0x12/0x40
"
    ),
    case!(
        "v-revert-stable-only",
        false,
        NotMemory,
        ["revert", "cc-stable"],
        "Revert \"drm/zork: fix use-after-free in zork_close()\"

This reverts commit 00112233aabb.

Cc: stable@vger.kernel.org
"
    ),
    case!(
        "v-revert-prefixed",
        false,
        NotMemory,
        ["revert"],
        "net: blorp: Revert \"blorp: fix out-of-bounds read in blorp_parse()\"

This reverts commit 445566778899.
"
    ),
    case!(
        "v-revert-body-line-only",
        false,
        NotMemory,
        ["revert"],
        "zz: go back to the old timeout handling

This reverts commit 0a0b0c0d0e0f1011 (\"zz: fix race in timeout handling\").
"
    ),
];
