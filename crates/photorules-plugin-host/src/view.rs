//! What part of the photo a plugin is given (interface 1.1): the whole photo, or the main face
//! at a bounded resolution, and where the given pixels lie in the photo.
//!
//! A plugin built for interface 1.0 declares no view and gets the whole photo, as before. A
//! plugin that only looks at the face declares `[view] region = "face"`: the host crops the
//! face with a margin and reduces it to at most `max_side` pixels, so the cost of a call no
//! longer grows with the photo's pixel count. The metrics it reads stay in the photo's pixels;
//! the [`Placement`] in its input maps them onto the view.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::abi::AbiVersion;

/// The first interface version with views.
pub const VIEW_ABI: AbiVersion = AbiVersion { major: 1, minor: 1 };

/// Longest side of a face view when the manifest does not say.
pub const DEFAULT_MAX_SIDE: u32 = 512;
/// Bounds of `max_side`: smaller views hold too few pixels to judge a face; larger ones bring
/// back the cost the view exists to bound.
pub const MIN_MAX_SIDE: u32 = 64;
pub const MAX_MAX_SIDE: u32 = 2048;
/// Margin around the face box when the manifest does not say, in box sides on each side: the
/// box from the detector runs from the brows to the chin, and lens, cheek and pupil regions lie
/// within half a box side of it.
pub const DEFAULT_MARGIN: f64 = 0.5;
pub const MAX_MARGIN: f64 = 2.0;

/// The `[view]` table of a manifest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ViewRequest {
    /// The region the plugin looks at.
    pub region: ViewRegion,
    /// Longest side of the view in pixels (64–2048, default 512); a larger region is reduced
    /// by area averaging, a smaller one is given at the photo's resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 64, max = 2048))]
    pub max_side: Option<u32>,
    /// Margin added to each side of the face box, in box sides (0–2, default 0.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 2.0))]
    pub margin: Option<f64>,
}

/// Regions a plugin can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ViewRegion {
    /// The main face: the detector's box (`face.box_*_px`) grown by the margin, clipped to the
    /// photo.
    Face,
}

impl ViewRequest {
    pub fn max_side(&self) -> u32 {
        self.max_side.unwrap_or(DEFAULT_MAX_SIDE)
    }

    pub fn margin(&self) -> f64 {
        self.margin.unwrap_or(DEFAULT_MARGIN)
    }

    /// Why the request cannot be honoured, if it cannot.
    pub fn problem(&self, interface: AbiVersion) -> Option<String> {
        if interface < VIEW_ABI {
            return Some(format!(
                "`[view]` needs `interface = \"{VIEW_ABI}\"` or later; the manifest says `{interface}`"
            ));
        }
        let side = self.max_side();
        if !(MIN_MAX_SIDE..=MAX_MAX_SIDE).contains(&side) {
            return Some(format!(
                "`view.max_side = {side}` must be between {MIN_MAX_SIDE} and {MAX_MAX_SIDE}"
            ));
        }
        let margin = self.margin();
        if !(0.0..=MAX_MARGIN).contains(&margin) {
            return Some(format!(
                "`view.margin = {margin}` must be between 0 and {MAX_MARGIN}"
            ));
        }
        None
    }
}

/// Where a view's pixels lie in the photo: view pixel `(u, v)` covers the photo's pixels from
/// `(left + u·scale, top + v·scale)`, `scale` photo pixels wide. Metrics are in the photo's
/// pixels (after EXIF orientation), whatever resolution the view is at.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Placement {
    /// The view's left edge, in photo pixels.
    pub left: f64,
    /// The view's top edge, in photo pixels.
    pub top: f64,
    /// Photo pixels per view pixel (1 at full resolution, 2 when halved…).
    pub scale: f64,
    /// The whole photo's width in pixels.
    pub photo_width: u32,
    /// The whole photo's height in pixels.
    pub photo_height: u32,
}

impl Placement {
    /// A view that is the whole photo at full resolution.
    pub fn whole(width: u32, height: u32) -> Placement {
        Placement {
            left: 0.0,
            top: 0.0,
            scale: 1.0,
            photo_width: width,
            photo_height: height,
        }
    }

    /// Whether the numbers describe a view: finite, a positive scale.
    pub fn is_valid(&self) -> bool {
        self.left.is_finite() && self.top.is_finite() && self.scale.is_finite() && self.scale > 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(max_side: Option<u32>, margin: Option<f64>) -> ViewRequest {
        ViewRequest {
            region: ViewRegion::Face,
            max_side,
            margin,
        }
    }

    #[test]
    fn a_view_needs_interface_1_1() {
        let old = AbiVersion { major: 1, minor: 0 };
        let problem = request(None, None).problem(old).unwrap_or_default();
        assert!(problem.contains("needs `interface = \"1.1\"`"), "{problem}");
        assert_eq!(request(None, None).problem(VIEW_ABI), None);
    }

    #[test]
    fn sizes_and_margins_out_of_bounds_are_refused() {
        assert!(request(Some(32), None).problem(VIEW_ABI).is_some());
        assert!(request(Some(4096), None).problem(VIEW_ABI).is_some());
        assert!(request(None, Some(-0.1)).problem(VIEW_ABI).is_some());
        assert!(request(None, Some(f64::NAN)).problem(VIEW_ABI).is_some());
        assert_eq!(request(Some(64), Some(2.0)).problem(VIEW_ABI), None);
    }
}
