//! Real portraits from `spec-tests/photos/` (see its README for sources and licences) with
//! the eye centres photorules measures on them, and edits that draw known truth on them.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use photorules_plugin_eyes::{Eyes, Point};
use photorules_plugin_kit::{Input, Measurement, Output, Value, serde_json};

/// Eye centres and distance as `photorules measure spec-tests/photos/NAME --format json`
/// reports them (`eyes.right_x_px`, `eyes.right_y_px`, `eyes.left_x_px`, `eyes.left_y_px`,
/// `eyes.distance_px`, rounded to 0.01 px).
pub const PHOTOS: [(&str, [f64; 5]); 6] = [
    // Clear glasses: deep-set eyes, dark irises, a thick black top rim.
    ("grace_hopper.jpg", [219.33, 192.40, 307.57, 187.41, 88.38]),
    ("obama.jpg", [439.35, 216.92, 545.70, 215.09, 106.36]),
    ("astronaut.png", [203.11, 101.53, 246.43, 103.72, 43.38]),
    ("biden.jpg", [287.93, 174.95, 353.69, 189.25, 67.30]),
    ("obama2.jpg", [247.82, 372.96, 374.16, 381.98, 126.67]),
    ("obama3.jpg", [377.38, 198.12, 440.94, 204.28, 63.86]),
];

/// A decoded photo and its eye centres.
pub struct Photo {
    pub name: &'static str,
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
    eyes: [f64; 5],
}

pub fn photos() -> Vec<Photo> {
    PHOTOS
        .iter()
        .map(|&(name, eyes)| photo(name, eyes))
        .collect()
}

pub fn photo_named(name: &str) -> Photo {
    let (name, eyes) = PHOTOS
        .iter()
        .copied()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no photo `{name}`"));
    photo(name, eyes)
}

fn photo(name: &'static str, eyes: [f64; 5]) -> Photo {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../spec-tests/photos")
        .join(name);
    let image = image::open(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_rgb8();
    Photo {
        name,
        width: image.width(),
        height: image.height(),
        rgb: image.into_raw(),
        eyes,
    }
}

impl Photo {
    pub fn eyes(&self) -> Eyes {
        let [rx, ry, lx, ly, d] = self.eyes;
        Eyes::new(Point { x: rx, y: ry }, Point { x: lx, y: ly }, d).unwrap()
    }

    fn metrics(&self) -> BTreeMap<String, Measurement> {
        let names = [
            "eyes.right_x_px",
            "eyes.right_y_px",
            "eyes.left_x_px",
            "eyes.left_y_px",
            "eyes.distance_px",
        ];
        names
            .iter()
            .zip(self.eyes)
            .map(|(name, value)| {
                let measured = Measurement::Measured {
                    value: Value::Number(value),
                    unit: Some("px".to_string()),
                };
                (name.to_string(), measured)
            })
            .collect()
    }

    /// Runs a plugin's `check` on the photo.
    pub fn run(&self, check: fn(&Input<'_>) -> Output, params: serde_json::Value) -> Output {
        let input = Input::new(self.width, self.height, &self.rgb, self.metrics(), params);
        check(&input)
    }

    /// Repaints every pixel whose centre lies in `ellipses` (half-axes in eye distances, centre
    /// offset from each eye centre along and down the eye line).
    pub fn paint(
        &mut self,
        (along, down): (f64, f64),
        (half_along, half_down): (f64, f64),
        mut paint: impl FnMut([u8; 3]) -> [u8; 3],
    ) {
        let eyes = self.eyes();
        for side in photorules_plugin_eyes::Side::BOTH {
            let centre = eyes.offset(eyes.centre(side), along, down);
            let region = eyes
                .ellipse(centre, half_along, half_down)
                .pixels(self.width, self.height);
            for (x, y) in region.inside {
                let at = ((y as usize) * self.width as usize + x as usize) * 3;
                let old = [self.rgb[at], self.rgb[at + 1], self.rgb[at + 2]];
                self.rgb[at..at + 3].copy_from_slice(&paint(old));
            }
        }
    }
}

pub fn number(output: &Output, name: &str) -> f64 {
    match output.get(name) {
        Some(Measurement::Measured {
            value: Value::Number(n),
            ..
        }) => *n,
        other => panic!("{name}: {other:?} {:?}", output.notes()),
    }
}

pub fn boolean(output: &Output, name: &str) -> bool {
    match output.get(name) {
        Some(Measurement::Measured {
            value: Value::Bool(b),
            ..
        }) => *b,
        other => panic!("{name}: {other:?} {:?}", output.notes()),
    }
}
