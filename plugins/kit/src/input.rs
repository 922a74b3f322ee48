//! What a plugin receives: the image, the metrics measured so far and its parameters.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

const MAGIC: &[u8; 4] = b"PRPI";
const HEADER_LEN_1_0: usize = 24;

/// A measured value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Number(f64),
    Text(String),
}

/// One metric the host passes in: measured (with its unit, e.g. `"px"`), or absent with the
/// reason it could not be measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Measurement {
    Measured {
        value: Value,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
    },
    Absent {
        reason: String,
    },
}

/// Where the pixels a plugin is given lie in the photo (interface 1.1): view pixel `(u, v)`
/// covers the photo's pixels from `(left + u·scale, top + v·scale)`. Metrics are always in the
/// photo's pixels; [`Input::to_view`] and [`Input::length_to_view`] bring them onto the view.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    pub left: f64,
    pub top: f64,
    /// Photo pixels per view pixel.
    pub scale: f64,
    pub photo_width: u32,
    pub photo_height: u32,
}

impl Placement {
    /// The view is the whole photo at full resolution (what a 1.0 host gives).
    pub fn whole(width: u32, height: u32) -> Placement {
        Placement {
            left: 0.0,
            top: 0.0,
            scale: 1.0,
            photo_width: width,
            photo_height: height,
        }
    }
}

#[derive(Deserialize)]
struct Document {
    width: u32,
    height: u32,
    /// Absent from a 1.0 host, which always gives the whole photo.
    #[serde(default)]
    placement: Option<Placement>,
    #[serde(default)]
    metrics: BTreeMap<String, Measurement>,
    #[serde(default)]
    params: serde_json::Value,
}

/// Why the input buffer could not be read (a host bug, or a host speaking another interface).
#[derive(Debug, Clone, PartialEq)]
pub struct InputError(String);

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the plugin could not read its input: {}", self.0)
    }
}

/// The input of one call.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    width: u32,
    height: u32,
    pixels: &'a [u8],
    placement: Placement,
    metrics: BTreeMap<String, Measurement>,
    params: serde_json::Value,
}

impl<'a> Input<'a> {
    /// An input built by hand, for native tests of a plugin function: the pixels are the
    /// whole photo (see [`Input::with_placement`] for a view).
    pub fn new(
        width: u32,
        height: u32,
        pixels: &'a [u8],
        metrics: BTreeMap<String, Measurement>,
        params: serde_json::Value,
    ) -> Input<'a> {
        Input {
            width,
            height,
            pixels,
            placement: Placement::whole(width, height),
            metrics,
            params,
        }
    }

    /// The same input with its pixels placed as a view of a larger photo.
    pub fn with_placement(mut self, placement: Placement) -> Input<'a> {
        self.placement = placement;
        self
    }

    /// Read the buffer the host wrote: header, pixels, JSON.
    pub fn decode(bytes: &'a [u8]) -> Result<Input<'a>, InputError> {
        let bad = |what: &str| InputError(what.to_string());
        let word = |at: usize| -> Result<u32, InputError> {
            bytes
                .get(at..at + 4)
                .and_then(|b| b.try_into().ok())
                .map(u32::from_le_bytes)
                .ok_or_else(|| bad("the header is cut short"))
        };
        if bytes.get(..4) != Some(MAGIC.as_slice()) {
            return Err(bad("it does not start with `PRPI`"));
        }
        let header_len = word(4)? as usize;
        let version = word(8)?;
        if version >> 16 != crate::ABI_VERSION >> 16 || header_len < HEADER_LEN_1_0 {
            return Err(InputError(format!(
                "the host speaks interface {}.{}, this plugin {}.{}",
                version >> 16,
                version & 0xffff,
                crate::ABI_VERSION >> 16,
                crate::ABI_VERSION & 0xffff
            )));
        }
        let width = word(12)?;
        let height = word(16)?;
        let json_len = word(20)? as usize;
        let pixel_len = (width as usize)
            .checked_mul(height as usize)
            .and_then(|n| n.checked_mul(3))
            .ok_or_else(|| bad("the image size overflows"))?;
        let pixels_end = header_len
            .checked_add(pixel_len)
            .ok_or_else(|| bad("the image size overflows"))?;
        let pixels = bytes
            .get(header_len..pixels_end)
            .ok_or_else(|| bad("the pixels are cut short"))?;
        let json = bytes
            .get(pixels_end..pixels_end.saturating_add(json_len))
            .ok_or_else(|| bad("the JSON document is cut short"))?;
        let document: Document =
            serde_json::from_slice(json).map_err(|e| InputError(format!("bad JSON: {e}")))?;
        if document.width != width || document.height != height {
            return Err(bad("the header and the JSON disagree on the image size"));
        }
        let placement = document
            .placement
            .unwrap_or_else(|| Placement::whole(width, height));
        if !(placement.scale.is_finite() && placement.scale > 0.0) {
            return Err(bad("the view's placement has no positive scale"));
        }
        Ok(Input {
            width,
            height,
            pixels,
            placement,
            metrics: document.metrics,
            params: document.params,
        })
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    /// Where the pixels lie in the photo.
    pub fn placement(&self) -> Placement {
        self.placement
    }

    /// A point in the photo's pixels (as metrics give them) in the view's pixels.
    pub fn to_view(&self, x: f64, y: f64) -> (f64, f64) {
        let p = self.placement;
        ((x - p.left) / p.scale, (y - p.top) / p.scale)
    }

    /// A length in the photo's pixels in the view's pixels.
    pub fn length_to_view(&self, length: f64) -> f64 {
        length / self.placement.scale
    }

    /// RGB8 pixels, row-major, top-left first.
    pub fn pixels(&self) -> &[u8] {
        self.pixels
    }

    /// The pixel at (`x`, `y`), or `None` outside the image.
    pub fn rgb(&self, x: i64, y: i64) -> Option<[u8; 3]> {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return None;
        }
        let at = (y as usize * self.width as usize + x as usize) * 3;
        let p = self.pixels.get(at..at + 3)?;
        Some([p[0], p[1], p[2]])
    }

    /// All metrics passed in.
    pub fn metrics(&self) -> &BTreeMap<String, Measurement> {
        &self.metrics
    }

    /// A measured number, or the reason there is none (suitable as an absence reason).
    pub fn number(&self, name: &str) -> Result<f64, String> {
        match self.metrics.get(name) {
            Some(Measurement::Measured {
                value: Value::Number(n),
                ..
            }) if n.is_finite() => Ok(*n),
            Some(Measurement::Measured { .. }) => Err(format!("`{name}` is not a number")),
            Some(Measurement::Absent { reason }) => {
                Err(format!("`{name}` was not measured: {reason}"))
            }
            None => Err(format!("`{name}` was not passed to the plugin")),
        }
    }

    /// The parameters from the profile (an object; empty when the profile gives none).
    pub fn params(&self) -> &serde_json::Value {
        &self.params
    }

    /// A number parameter, `default` when absent. The host has already checked parameters
    /// against the manifest's schema; a wrong type here is still an error, not a panic.
    pub fn param_f64(&self, name: &str, default: f64) -> Result<f64, String> {
        match self.params.get(name) {
            None | Some(serde_json::Value::Null) => Ok(default),
            Some(value) => value
                .as_f64()
                .ok_or_else(|| format!("parameter `{name}` must be a number")),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn buffer(json: &str, pixels: &[u8], width: u32, height: u32) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(MAGIC);
        b.extend_from_slice(&24u32.to_le_bytes());
        b.extend_from_slice(&(1u32 << 16).to_le_bytes());
        b.extend_from_slice(&width.to_le_bytes());
        b.extend_from_slice(&height.to_le_bytes());
        b.extend_from_slice(&(json.len() as u32).to_le_bytes());
        b.extend_from_slice(pixels);
        b.extend_from_slice(json.as_bytes());
        b
    }

    #[test]
    fn decodes_pixels_metrics_and_params() {
        let json = r#"{"width":2,"height":1,"metrics":{
            "eyes.distance_px":{"status":"measured","value":40.5,"unit":"px"},
            "eyes.left_x_px":{"status":"absent","reason":"no face"}},
            "params":{"k":2}}"#;
        let bytes = buffer(json, &[1, 2, 3, 4, 5, 6], 2, 1);
        let input = Input::decode(&bytes).unwrap();
        assert_eq!(input.rgb(1, 0), Some([4, 5, 6]));
        assert_eq!(input.rgb(2, 0), None);
        assert_eq!(input.number("eyes.distance_px"), Ok(40.5));
        assert_eq!(
            input.number("eyes.left_x_px"),
            Err("`eyes.left_x_px` was not measured: no face".to_string())
        );
        assert!(input.number("eyes.right_x_px").is_err());
        assert_eq!(input.param_f64("k", 1.0), Ok(2.0));
        assert_eq!(input.param_f64("missing", 1.0), Ok(1.0));
        // A 1.0 host sends no placement: the pixels are the whole photo.
        assert_eq!(input.to_view(7.0, 9.0), (7.0, 9.0));
    }

    #[test]
    fn a_placed_view_maps_photo_pixels_onto_itself() {
        let json = r#"{"width":2,"height":1,"placement":
            {"left":100.0,"top":40.0,"scale":4.0,"photo_width":3000,"photo_height":4000}}"#;
        let bytes = buffer(json, &[0; 6], 2, 1);
        let input = Input::decode(&bytes).unwrap();
        assert_eq!(input.to_view(104.0, 48.0), (1.0, 2.0));
        assert_eq!(input.length_to_view(40.0), 10.0);
        assert_eq!(input.placement().photo_width, 3000);
        let nowhere = r#"{"width":2,"height":1,"placement":
            {"left":0,"top":0,"scale":0,"photo_width":2,"photo_height":1}}"#;
        assert!(Input::decode(&buffer(nowhere, &[0; 6], 2, 1)).is_err());
    }

    #[test]
    fn refuses_short_or_foreign_buffers() {
        let json = r#"{"width":2,"height":1}"#;
        let good = buffer(json, &[0; 6], 2, 1);
        assert!(Input::decode(&good).is_ok());
        assert!(Input::decode(&good[..30]).is_err());
        let mut foreign = good.clone();
        foreign[10] = 2; // major version 2
        assert!(
            Input::decode(&foreign)
                .unwrap_err()
                .to_string()
                .contains("interface 2.0")
        );
        let wrong_size = buffer(r#"{"width":3,"height":1}"#, &[0; 6], 2, 1);
        assert!(Input::decode(&wrong_size).is_err());
    }
}
