//! Crop planning: from the measured face and the profile's bands to the crop rectangle and
//! the turn that levels the eyes. Pure geometry; nothing here touches pixels.

pub mod bands;
pub mod frame;
pub mod search;

use serde::Serialize;

pub use bands::{Band, BandOrigin, Bands, Interval};
pub use frame::Upright;
pub use search::{Aim, Aims, Beyond, Crop, Edges, Mode, Predicted, Source, Subject};

/// Share of a two-sided band's half-width kept free at each end, and the margin added to a
/// one-sided limit: room for the prepared photo's measurement to differ a little from the plan
/// (crown and chin are found again on new pixels).
pub const BAND_SAFETY: f64 = 0.2;
pub const ONE_SIDED_SAFETY: f64 = 0.01;

/// What the planner knows about the face, in source pixels (EXIF orientation applied).
#[derive(Debug, Clone, PartialEq)]
pub struct FaceGeometry {
    /// The two eye centres, in any order.
    pub eyes: [[f64; 2]; 2],
    /// Row of the top of the head.
    pub crown_y: f64,
    /// Row of the chin.
    pub chin_y: f64,
    /// Columns of the head outline's extremes (left, right).
    pub head_x: [f64; 2],
    /// The face-mesh points, when known: the chin and the outline are taken from them in the
    /// upright frame, which is more exact than turning rows and columns.
    pub mesh: Vec<[f64; 2]>,
}

impl FaceGeometry {
    /// The face in `frame`. The crown is a row: it is taken on the face's axis (the line
    /// through the eye midpoint, square to the eye line).
    pub fn in_frame(&self, frame: &Upright) -> Subject {
        let pivot = frame.pivot;
        let (sin, cos) = frame.angle_deg.to_radians().sin_cos();
        // Up the face's axis from the pivot to the crown row: the axis leans by the roll.
        let along = (pivot[1] - self.crown_y) / cos.max(0.1);
        let crown = [pivot[0] + along * sin, self.crown_y];
        let crown_y = frame.to_upright(crown)[1];
        let upright: Vec<[f64; 2]> = self.mesh.iter().map(|&p| frame.to_upright(p)).collect();
        let (chin_y, left_x, right_x) = if upright.is_empty() {
            let chin = frame.to_upright([pivot[0] - (self.chin_y - pivot[1]) * sin, self.chin_y]);
            let left = frame.to_upright([self.head_x[0], pivot[1]]);
            let right = frame.to_upright([self.head_x[1], pivot[1]]);
            (chin[1], left[0], right[0])
        } else {
            let fold = |init: f64, f: fn(f64, f64) -> f64, i: usize| {
                upright.iter().map(|p| p[i]).fold(init, f)
            };
            (
                fold(f64::NEG_INFINITY, f64::max, 1),
                fold(f64::INFINITY, f64::min, 0),
                fold(f64::NEG_INFINITY, f64::max, 0),
            )
        };
        Subject {
            crown_y,
            eye_y: pivot[1],
            chin_y,
            left_x,
            right_x,
        }
    }
}

/// The aims of the search from the profile's bands.
pub fn aims(bands: &Bands) -> Aims {
    let keep = |band: &Band| band.interval.shrunk(BAND_SAFETY, ONE_SIDED_SAFETY);
    Aims {
        chin_crown: Aim::at_middle(
            bands.chin_crown.interval,
            keep(&bands.chin_crown),
            0.75,
            0.05,
        ),
        eye_line: Aim::at_middle(bands.eye_line.interval, keep(&bands.eye_line), 0.60, 0.10),
        centre: Aim::at_middle(bands.centre.interval, keep(&bands.centre), 0.0, 0.05),
        head_width: keep(&bands.head_width),
        top_margin: keep(&bands.top_margin),
    }
}

/// A planned crop: the turn, the rectangle in the upright frame and what it should measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CropPlan {
    pub frame: Upright,
    pub crop: Crop,
    pub subject: Subject,
    /// The photo edges the crop reaches beyond (filled with the new background).
    pub padded: Edges,
}

/// Why no crop fits, with the crops that show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoRoom {
    pub frame: Upright,
    /// The crop the bands want, ignoring the photo's edges (`None`: the bands cannot all hold
    /// for this face at all, e.g. too much hair above the eyes for both the eye line and the top
    /// margin).
    pub wanted: Option<Crop>,
    /// The crop closest to the bands that stays inside the photo (`None`: the head cannot be
    /// framed inside the photo at all).
    pub possible: Option<Crop>,
}

/// Plan the crop for `face` in a `width × height` source at `aspect` (width / height).
/// `padding` names the photo edges that may be crossed (only where the photo's edge is
/// background, which the caller checks; crossed edges are filled with a new background).
pub fn plan(
    face: &FaceGeometry,
    width: f64,
    height: f64,
    aspect: f64,
    bands: &Bands,
    padding: Edges,
) -> Result<CropPlan, Box<NoRoom>> {
    let frame = Upright::from_eyes(face.eyes[0], face.eyes[1]);
    let subject = face.in_frame(&frame);
    let source = Source {
        width,
        height,
        frame,
    };
    let aims = aims(bands);
    let strict = |edges| search::search(&subject, aspect, &aims, &source, edges, Mode::Strict);
    if let Some(crop) = strict(Edges::default()) {
        return Ok(CropPlan {
            frame,
            crop,
            subject,
            padded: Edges::default(),
        });
    }
    if padding.any()
        && let Some(crop) = strict(padding)
    {
        return Ok(CropPlan {
            frame,
            crop,
            subject,
            padded: crop.beyond.edges(),
        });
    }
    Err(Box::new(NoRoom {
        frame,
        wanted: search::search(&subject, aspect, &aims, &source, padding, Mode::IgnoreEdges),
        possible: search::search(&subject, aspect, &aims, &source, padding, Mode::IgnoreBands),
    }))
}

#[cfg(test)]
mod tests;
