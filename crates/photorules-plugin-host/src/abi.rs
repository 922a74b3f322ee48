//! The plugin interface (ABI) the host speaks: a core WebAssembly module with four exports.
//!
//! ```text
//! memory                                   the module's one linear memory
//! photorules_abi_version() -> i32          MAJOR << 16 | MINOR of the interface it was built for
//! photorules_alloc(len: i32) -> i32        a buffer of `len` bytes for the input (0 = refused)
//! photorules_check(ptr: i32, len: i32) -> i64
//!                                          reads the input, returns OUT_PTR << 32 | OUT_LEN
//! ```
//!
//! The input buffer is a 24-byte little-endian header, the RGB8 pixels and a UTF-8 JSON
//! document (see [`encode_input`]); the output is a UTF-8 JSON document (see
//! [`crate::output`]). `docs/plugins.md` is the author-facing description of the same contract.

use std::fmt;

use serde::Serialize;

use photorules_core::Metrics;

use crate::view::Placement;

/// Export names of interface 1.x.
pub const EXPORT_MEMORY: &str = "memory";
pub const EXPORT_VERSION: &str = "photorules_abi_version";
pub const EXPORT_ALLOC: &str = "photorules_alloc";
pub const EXPORT_CHECK: &str = "photorules_check";

/// The first four bytes of every input buffer ("photorules plugin input").
pub const INPUT_MAGIC: [u8; 4] = *b"PRPI";
/// Length of the input header in interface 1.0. Later minor versions may append fields; a
/// plugin finds the pixels at the header length the header itself states.
pub const INPUT_HEADER_LEN: u32 = 24;

/// An interface version: plugins built for `MAJOR.m` run on a host speaking `MAJOR.n` for any
/// `m <= n` (minor versions only add things a plugin may ignore).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct AbiVersion {
    pub major: u16,
    pub minor: u16,
}

/// The interface this host speaks. 1.1 added views (`[view]` in the manifest, `placement` in
/// the input document); a 1.0 plugin is given the whole photo as before.
pub const HOST_ABI: AbiVersion = AbiVersion { major: 1, minor: 1 };

impl AbiVersion {
    /// The `MAJOR << 16 | MINOR` form plugins export.
    pub fn packed(self) -> u32 {
        (u32::from(self.major) << 16) | u32::from(self.minor)
    }

    pub fn from_packed(packed: u32) -> AbiVersion {
        AbiVersion {
            major: (packed >> 16) as u16,
            minor: (packed & 0xffff) as u16,
        }
    }

    /// Parse `MAJOR.MINOR` as written in a manifest.
    pub fn parse(text: &str) -> Option<AbiVersion> {
        let (major, minor) = text.trim().split_once('.')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(major) || !digits(minor) {
            return None;
        }
        Some(AbiVersion {
            major: major.parse().ok()?,
            minor: minor.parse().ok()?,
        })
    }

    /// Whether a host speaking `self` can run a plugin built for `plugin`.
    pub fn runs(self, plugin: AbiVersion) -> bool {
        self.major == plugin.major && plugin.minor <= self.minor
    }
}

impl fmt::Display for AbiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The JSON part of a call's input; it follows the 24-byte header and the RGB8 pixels.
/// `width` and `height` are the view's (the pixels given); metrics are in the photo's pixels,
/// and `placement` maps them onto the view.
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[schemars(rename = "PluginInputDocument")]
pub struct InputDocument<'a> {
    /// Width of the view, the pixels given (as in the header).
    pub width: u32,
    /// Height of the view, the pixels given (as in the header).
    pub height: u32,
    /// Where the view lies in the photo (interface 1.1; the whole photo at scale 1 for a plugin
    /// without a view).
    pub placement: Placement,
    /// The metrics measured so far (only those the manifest lists as `inputs`, when it does).
    pub metrics: &'a Metrics,
    /// The plugin's parameters from the profile, already checked against the manifest's schema.
    pub params: &'a serde_json::Value,
}

/// The input header for an image and a JSON document of `json_len` bytes.
pub fn encode_header(width: u32, height: u32, json_len: u32) -> [u8; INPUT_HEADER_LEN as usize] {
    let mut header = [0u8; INPUT_HEADER_LEN as usize];
    let fields = [
        u32::from_le_bytes(INPUT_MAGIC),
        INPUT_HEADER_LEN,
        HOST_ABI.packed(),
        width,
        height,
        json_len,
    ];
    for (slot, field) in header.chunks_exact_mut(4).zip(fields) {
        slot.copy_from_slice(&field.to_le_bytes());
    }
    header
}

/// Build the whole input buffer: header, pixels, JSON. (The host writes the three parts
/// straight into the plugin's memory instead; this is for tests and tools.)
///
/// The caller has checked that `rgb.len() == width * height * 3`.
pub fn encode_input(
    width: u32,
    height: u32,
    rgb: &[u8],
    document: &InputDocument<'_>,
) -> Result<Vec<u8>, serde_json::Error> {
    let json = serde_json::to_vec(document)?;
    // JSON documents of metrics are kilobytes; saturate rather than wrap all the same.
    let json_len = u32::try_from(json.len()).unwrap_or(u32::MAX);
    let mut buffer = Vec::with_capacity(INPUT_HEADER_LEN as usize + rgb.len() + json.len());
    buffer.extend_from_slice(&encode_header(width, height, json_len));
    buffer.extend_from_slice(rgb);
    buffer.extend_from_slice(&json);
    Ok(buffer)
}

/// Split the packed `OUT_PTR << 32 | OUT_LEN` result of `photorules_check`.
pub fn unpack_output(packed: u64) -> (u32, u32) {
    ((packed >> 32) as u32, (packed & 0xffff_ffff) as u32)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn minor_versions_are_additive_within_a_major() {
        let host = AbiVersion { major: 1, minor: 2 };
        assert!(host.runs(AbiVersion { major: 1, minor: 0 }));
        assert!(host.runs(AbiVersion { major: 1, minor: 2 }));
        assert!(!host.runs(AbiVersion { major: 1, minor: 3 }));
        assert!(!host.runs(AbiVersion { major: 2, minor: 0 }));
        assert!(!host.runs(AbiVersion { major: 0, minor: 9 }));
    }

    #[test]
    fn versions_round_trip_through_text_and_packed_form() {
        let v = AbiVersion::parse("1.7");
        assert_eq!(v, Some(AbiVersion { major: 1, minor: 7 }));
        assert_eq!(v.map(|v| v.packed()), Some(0x0001_0007));
        assert_eq!(
            AbiVersion::from_packed(0x0002_0003),
            AbiVersion { major: 2, minor: 3 }
        );
        for bad in ["1", "1.", ".1", "1.x", "1.2.3", "-1.0", "70000.0"] {
            assert_eq!(AbiVersion::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn input_header_is_little_endian_and_points_at_the_pixels() {
        let metrics = Metrics::default();
        let params = serde_json::json!({});
        let document = InputDocument {
            width: 2,
            height: 1,
            placement: Placement::whole(2, 1),
            metrics: &metrics,
            params: &params,
        };
        let buffer = encode_input(2, 1, &[1, 2, 3, 4, 5, 6], &document).unwrap_or_default();
        assert_eq!(&buffer[0..4], b"PRPI");
        assert_eq!(&buffer[4..8], &24u32.to_le_bytes());
        assert_eq!(&buffer[8..12], &0x0001_0001u32.to_le_bytes());
        assert_eq!(&buffer[12..16], &2u32.to_le_bytes());
        assert_eq!(&buffer[24..30], &[1, 2, 3, 4, 5, 6]);
        let json_len = u32::from_le_bytes([buffer[20], buffer[21], buffer[22], buffer[23]]);
        assert_eq!(buffer.len(), 30 + json_len as usize);
        assert!(buffer[30..].starts_with(b"{\"width\":2"));
    }

    #[test]
    fn output_pointer_and_length_unpack() {
        assert_eq!(unpack_output(0x0000_1000_0000_0020), (0x1000, 0x20));
    }
}
