//! Why a share link could not be read.

use std::fmt;

/// A share link that cannot be turned back into text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The `c=` payload has a character outside base64url, or a length no encoder produces.
    InvalidBase64 {
        /// 0-based character index of the offending character (the payload length for a bad length).
        position: usize,
    },
    /// The decoded bytes are not a complete raw DEFLATE stream.
    InvalidDeflate,
    /// A `%` in a `yaml=` payload is not followed by two hex digits.
    InvalidPercent {
        /// 0-based character index of the `%`.
        position: usize,
    },
    /// The decoded text is not UTF-8.
    NotUtf8,
    /// The text would exceed [`crate::MAX_TEXT_BYTES`].
    TooLarge,
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::InvalidBase64 { position } => write!(
                f,
                "the share link is corrupt: invalid base64url at character {position} (was it cut short or edited?)"
            ),
            ShareError::InvalidDeflate => f.write_str(
                "the share link is corrupt: the compressed configuration cannot be decompressed (was it cut short?)",
            ),
            ShareError::InvalidPercent { position } => {
                write!(f, "the share link is corrupt: `%` at character {position} is not followed by two hex digits")
            }
            ShareError::NotUtf8 => f.write_str("the share link is corrupt: the configuration is not UTF-8 text"),
            ShareError::TooLarge => {
                write!(f, "the shared configuration is larger than {} MiB", crate::MAX_TEXT_BYTES >> 20)
            }
        }
    }
}

impl std::error::Error for ShareError {}
