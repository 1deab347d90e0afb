//! CWE ids to bug classes.
//!
//! Only weaknesses that name a class unambiguously are mapped. Broad ones
//! (CWE-20 improper input validation, CWE-200 exposure of information,
//! CWE-703/754 error handling) are left to the advisory's text.

use crate::classify::Class;

/// CWE number → class, sorted by number (binary-searched).
const TABLE: &[(u32, Class)] = &[
    (22, Class::NotMemory), // Path traversal.
    (77, Class::NotMemory), // Command injection.
    (78, Class::NotMemory), // OS command injection.
    (79, Class::NotMemory), // Cross-site scripting.
    (89, Class::NotMemory), // SQL injection.
    (94, Class::NotMemory), // Code injection.
    (119, Class::OutOfBounds),
    (120, Class::OutOfBounds),
    (121, Class::OutOfBounds),
    (122, Class::OutOfBounds),
    (124, Class::OutOfBounds), // Buffer underwrite.
    (125, Class::OutOfBounds),
    (126, Class::OutOfBounds),     // Buffer over-read.
    (127, Class::OutOfBounds),     // Buffer under-read.
    (128, Class::IntegerOverflow), // Wrap-around error.
    (129, Class::OutOfBounds),
    (131, Class::OutOfBounds),
    (170, Class::OutOfBounds), // Improper null termination.
    (190, Class::IntegerOverflow),
    (191, Class::IntegerOverflow),
    (193, Class::OutOfBounds), // Off-by-one.
    (287, Class::NotMemory),   // Improper authentication.
    (295, Class::NotMemory),   // Improper certificate validation.
    (297, Class::NotMemory),   // Host mismatch.
    (311, Class::NotMemory),   // Missing encryption.
    (319, Class::NotMemory),   // Cleartext transmission.
    (326, Class::NotMemory),   // Inadequate encryption strength.
    (327, Class::NotMemory),   // Broken crypto.
    (345, Class::NotMemory),   // Insufficient verification of data authenticity.
    (352, Class::NotMemory),   // CSRF.
    (362, Class::DataRace),
    (364, Class::DataRace), // Signal handler race.
    (366, Class::DataRace),
    (367, Class::DataRace),  // TOCTOU.
    (369, Class::NotMemory), // Divide by zero.
    (400, Class::NotMemory), // Uncontrolled resource consumption.
    (401, Class::MemoryLeak),
    (404, Class::MemoryLeak), // Improper resource shutdown or release.
    (415, Class::DoubleFree),
    (416, Class::UseAfterFree),
    (457, Class::Uninitialized),
    (476, Class::NullDeref),
    (590, Class::InvalidFree),
    (601, Class::NotMemory),     // Open redirect.
    (665, Class::Uninitialized), // Improper initialization.
    (667, Class::DataRace),
    (672, Class::OtherMemory), // Operation on a resource after expiration.
    (674, Class::OtherMemory), // Uncontrolled recursion (stack overflow).
    (680, Class::IntegerOverflow), // Integer overflow to buffer overflow.
    (690, Class::NullDeref),   // Unchecked return value to NULL dereference.
    (704, Class::TypeConfusion), // Incorrect type conversion or cast.
    (761, Class::InvalidFree),
    (762, Class::InvalidFree),
    (763, Class::InvalidFree),
    (772, Class::MemoryLeak),
    (787, Class::OutOfBounds),
    (788, Class::OutOfBounds), // Access after end of buffer.
    (805, Class::OutOfBounds), // Buffer access with incorrect length.
    (806, Class::OutOfBounds),
    (820, Class::DataRace),      // Missing synchronization.
    (821, Class::DataRace),      // Incorrect synchronization.
    (822, Class::OtherMemory),   // Untrusted pointer dereference.
    (823, Class::OutOfBounds),   // Out-of-range pointer offset.
    (824, Class::Uninitialized), // Uninitialized pointer access.
    (825, Class::OtherMemory),   // Expired pointer dereference.
    (835, Class::NotMemory),     // Infinite loop.
    (843, Class::TypeConfusion),
    (908, Class::Uninitialized),
    (909, Class::Uninitialized),
    (918, Class::NotMemory),    // SSRF.
    (1325, Class::OutOfBounds), // Improperly controlled sequential memory allocation.
    (1341, Class::DoubleFree),  // Multiple releases of the same resource.
];

/// The class a CWE id (`CWE-416`, `cwe-416`, `416`) stands for, if it
/// names one.
#[must_use]
pub fn class_of_cwe(cwe: &str) -> Option<Class> {
    let norm = super::normalize_cwe(cwe)?;
    let n: u32 = norm[4..].parse().ok()?;
    TABLE
        .binary_search_by_key(&n, |(k, _)| *k)
        .ok()
        .map(|i| TABLE[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted() {
        assert!(TABLE.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn mapping() {
        let cases = [
            ("CWE-416", Some(Class::UseAfterFree)),
            ("CWE-415", Some(Class::DoubleFree)),
            ("CWE-125", Some(Class::OutOfBounds)),
            ("CWE-787", Some(Class::OutOfBounds)),
            ("CWE-119", Some(Class::OutOfBounds)),
            ("CWE-120", Some(Class::OutOfBounds)),
            ("CWE-121", Some(Class::OutOfBounds)),
            ("CWE-122", Some(Class::OutOfBounds)),
            ("CWE-129", Some(Class::OutOfBounds)),
            ("CWE-131", Some(Class::OutOfBounds)),
            ("CWE-476", Some(Class::NullDeref)),
            ("CWE-457", Some(Class::Uninitialized)),
            ("CWE-908", Some(Class::Uninitialized)),
            ("CWE-909", Some(Class::Uninitialized)),
            ("CWE-362", Some(Class::DataRace)),
            ("CWE-366", Some(Class::DataRace)),
            ("CWE-667", Some(Class::DataRace)),
            ("CWE-843", Some(Class::TypeConfusion)),
            ("CWE-190", Some(Class::IntegerOverflow)),
            ("CWE-191", Some(Class::IntegerOverflow)),
            ("CWE-401", Some(Class::MemoryLeak)),
            ("CWE-772", Some(Class::MemoryLeak)),
            ("CWE-763", Some(Class::InvalidFree)),
            ("CWE-761", Some(Class::InvalidFree)),
            ("CWE-762", Some(Class::InvalidFree)),
            ("CWE-590", Some(Class::InvalidFree)),
            ("CWE-672", Some(Class::OtherMemory)),
            ("CWE-825", Some(Class::OtherMemory)),
            ("cwe-416", Some(Class::UseAfterFree)),
            ("416", Some(Class::UseAfterFree)),
            ("CWE-295", Some(Class::NotMemory)),
            ("CWE-20", None),
            ("CWE-200", None),
            ("NVD-CWE-noinfo", None),
            ("", None),
        ];
        for (cwe, class) in cases {
            assert_eq!(class_of_cwe(cwe), class, "{cwe}");
        }
    }
}
