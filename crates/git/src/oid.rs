//! Object ids, owned by this crate so that no `gix` type leaks out.

use std::fmt;
use std::str::FromStr;

/// A git object id (SHA-1): a commit, tree or blob.
///
/// `Display` writes the 40 hex digits; [`Oid::short`] the first 12, as kernel
/// commit references do.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Oid([u8; 20]);

impl Oid {
    /// The id made of these 20 bytes.
    #[must_use]
    pub const fn from_bytes(bytes: [u8; 20]) -> Oid {
        Oid(bytes)
    }

    /// The 20 raw bytes.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }

    /// The first 12 hex digits.
    #[must_use]
    pub fn short(&self) -> String {
        let mut hex = self.to_string();
        hex.truncate(12);
        hex
    }

    /// Parses 40 hex digits (either case); `None` for anything else.
    #[must_use]
    pub fn from_hex(hex: &str) -> Option<Oid> {
        let hex = hex.as_bytes();
        if hex.len() != 40 {
            return None;
        }
        let mut bytes = [0u8; 20];
        for (byte, pair) in bytes.iter_mut().zip(hex.chunks_exact(2)) {
            *byte = (nibble(pair[0])? << 4) | nibble(pair[1])?;
        }
        Some(Oid(bytes))
    }

    pub(crate) fn from_gix(id: &gix::oid) -> Oid {
        let bytes: [u8; 20] = id
            .as_bytes()
            .try_into()
            .expect("gix is built with SHA-1 only, so every id has 20 bytes");
        Oid(bytes)
    }

    pub(crate) fn to_gix(self) -> gix::ObjectId {
        gix::ObjectId::Sha1(self.0)
    }
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl fmt::Display for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Oid({self})")
    }
}

/// The error of parsing an [`Oid`] from text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a 40-digit hex object id")]
pub struct ParseOidError {
    /// The text that did not parse.
    pub text: String,
}

impl FromStr for Oid {
    type Err = ParseOidError;

    fn from_str(s: &str) -> Result<Oid, ParseOidError> {
        Oid::from_hex(s).ok_or_else(|| ParseOidError { text: s.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::Oid;

    #[test]
    fn hex_round_trip() {
        let hex = "0123456789abcdef0123456789ABCDEF01234567";
        let oid: Oid = hex.parse().unwrap();
        assert_eq!(oid.to_string(), hex.to_lowercase());
        assert_eq!(oid.short(), "0123456789ab");
        assert_eq!(format!("{oid:?}"), format!("Oid({})", hex.to_lowercase()));
    }

    #[test]
    fn rejects_bad_hex() {
        for bad in ["", "abc", &"g".repeat(40), &"0".repeat(41)] {
            assert_eq!(Oid::from_hex(bad), None, "{bad}");
        }
    }
}
