//! The pixels each plugin is given: the whole photo for a plugin without a view (interface
//! 1.0), or the face region its manifest asks for, cut and reduced once per distinct request
//! and shared by the plugins that make it.

use image::RgbImage;
use photorules_core::Metrics;
use photorules_measure::raster::{Rect, resample_region};
use photorules_plugin_host::{ImageView, Placement, ViewRegion, ViewRequest};

/// The face box metrics a face view is cut around, in the photo's pixels.
const FACE_BOX: [&str; 4] = [
    "face.box_left_px",
    "face.box_top_px",
    "face.box_width_px",
    "face.box_height_px",
];

/// A face view's pixels and where they lie in the photo, or why it could not be made.
type MadeView = Result<(RgbImage, Placement), String>;

/// Views made for one photo, so that plugins asking for the same view share its pixels.
pub(crate) struct Views<'a> {
    /// The decoded photo, possibly reduced: `photo_scale` file pixels per pixel.
    photo: &'a RgbImage,
    photo_scale: f64,
    metrics: &'a Metrics,
    made: Vec<(ViewRequest, MadeView)>,
}

impl<'a> Views<'a> {
    pub fn new(photo: &'a RgbImage, photo_scale: f64, metrics: &'a Metrics) -> Views<'a> {
        Views {
            photo,
            photo_scale,
            metrics,
            made: Vec::new(),
        }
    }

    /// The view `request` asks for (the whole photo when `None`), or why it cannot be made.
    pub fn get(&mut self, request: Option<ViewRequest>) -> Result<ImageView<'_>, String> {
        let Some(request) = request else {
            let (w, h) = self.photo.dimensions();
            let mut whole = ImageView::whole(w, h, self.photo.as_raw());
            whole.placement.scale = self.photo_scale;
            whole.placement.photo_width = (f64::from(w) * self.photo_scale).round() as u32;
            whole.placement.photo_height = (f64::from(h) * self.photo_scale).round() as u32;
            return Ok(whole);
        };
        let index = match self.made.iter().position(|(r, _)| *r == request) {
            Some(index) => index,
            None => {
                let view = face_view(self.photo, self.photo_scale, self.metrics, &request);
                self.made.push((request, view));
                self.made.len() - 1
            }
        };
        match &self.made[index].1 {
            Ok((pixels, placement)) => Ok(ImageView {
                width: pixels.width(),
                height: pixels.height(),
                rgb: pixels.as_raw(),
                placement: *placement,
            }),
            Err(reason) => Err(reason.clone()),
        }
    }
}

/// The main face grown by the request's margin, clipped to the photo, at most `max_side`
/// pixels on its longer side. A region that already fits is copied pixel for pixel (its edges
/// rounded outwards to whole pixels), so that a small photo gives a plugin exactly the pixels
/// it would have read in the whole photo. `photo` has `photo_scale` file pixels per pixel;
/// the face box and the placement are in file pixels.
fn face_view(
    photo: &RgbImage,
    photo_scale: f64,
    metrics: &Metrics,
    request: &ViewRequest,
) -> MadeView {
    match request.region {
        ViewRegion::Face => {}
    }
    let mut face = [0.0; 4];
    for (value, name) in face.iter_mut().zip(FACE_BOX) {
        *value = metrics.measured_number(name).ok_or_else(|| {
            let why = match metrics.get(name) {
                Some(photorules_core::Measurement::Absent { reason }) => reason.as_str(),
                _ => "it was not measured",
            };
            format!("it looks at the face, and there is no face box: {why}")
        })?;
    }
    let [left, top, width, height] = face.map(|v| v / photo_scale);
    let margin = request.margin();
    let (mx, my) = (margin * width, margin * height);
    let region = Rect::new(
        (left - mx).floor(),
        (top - my).floor(),
        (left + width + mx).ceil(),
        (top + height + my).ceil(),
    )
    .clip(photo.width(), photo.height());
    if region.is_empty() {
        return Err("it looks at the face, and the face box lies outside the photo".into());
    }
    let (region_w, region_h) = (region.width(), region.height());
    let max_side = f64::from(request.max_side());
    let scale = (region_w.max(region_h) / max_side).max(1.0);
    let pixels = if scale == 1.0 {
        // Whole pixels: the clip keeps the floor/ceil edges integral.
        image::imageops::crop_imm(
            photo,
            region.left as u32,
            region.top as u32,
            region_w as u32,
            region_h as u32,
        )
        .to_image()
    } else {
        let target_w = ((region_w / scale).round() as u32).max(1);
        let target_h = ((region_h / scale).round() as u32).max(1);
        resample_region(photo, region, target_w, target_h)
            .ok_or("it looks at the face, and the face region could not be reduced")?
    };
    let placement = Placement {
        left: region.left * photo_scale,
        top: region.top * photo_scale,
        scale: region_w / f64::from(pixels.width()) * photo_scale,
        photo_width: (f64::from(photo.width()) * photo_scale).round() as u32,
        photo_height: (f64::from(photo.height()) * photo_scale).round() as u32,
    };
    Ok((pixels, placement))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use photorules_core::Unit;

    fn with_face(left: f64, top: f64, side: f64) -> Metrics {
        let mut metrics = Metrics::default();
        for (name, value) in FACE_BOX.iter().zip([left, top, side, side]) {
            metrics.number(name, value, Unit::Px);
        }
        metrics
    }

    fn request(max_side: u32) -> ViewRequest {
        ViewRequest {
            region: ViewRegion::Face,
            max_side: Some(max_side),
            margin: Some(0.5),
        }
    }

    fn gradient(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        })
    }

    #[test]
    fn a_small_face_is_given_pixel_for_pixel_with_its_place() {
        let photo = gradient(400, 500);
        let metrics = with_face(100.0, 150.0, 200.0);
        let mut views = Views::new(&photo, 1.0, &metrics);
        let view = views.get(Some(request(512))).unwrap();
        // 200 px box + 100 px each side: x 0–400, y 50–450, the photo's whole width.
        assert_eq!((view.width, view.height), (400, 400));
        assert_eq!(view.placement.left, 0.0);
        assert_eq!(view.placement.top, 50.0);
        assert_eq!(view.placement.scale, 1.0);
        let at = |x: u32, y: u32| {
            let i = ((y * view.width + x) * 3) as usize;
            [view.rgb[i], view.rgb[i + 1], view.rgb[i + 2]]
        };
        assert_eq!(at(10, 20), photo.get_pixel(10, 70).0);
    }

    #[test]
    fn a_large_face_is_reduced_to_the_bound_and_the_scale_says_so() {
        let photo = gradient(3000, 4000);
        let metrics = with_face(1000.0, 1200.0, 1000.0);
        let mut views = Views::new(&photo, 1.0, &metrics);
        let view = views.get(Some(request(256))).unwrap();
        assert_eq!((view.width, view.height), (256, 256));
        assert!((view.placement.scale - 2000.0 / 256.0).abs() < 1e-9);
        assert_eq!((view.placement.left, view.placement.top), (500.0, 700.0));
        assert_eq!(
            (view.placement.photo_width, view.placement.photo_height),
            (3000, 4000)
        );
    }

    #[test]
    fn a_reduced_decode_is_placed_in_the_file_s_pixels() {
        // A 750 × 1000 decode of a 3000 × 4000 file: the face box is in the file's pixels.
        let photo = gradient(750, 1000);
        let metrics = with_face(1000.0, 1200.0, 1000.0);
        let mut views = Views::new(&photo, 4.0, &metrics);
        let view = views.get(Some(request(512))).unwrap();
        // 2000 file px = 500 decoded px: fits, given pixel for pixel at 4 file px per pixel.
        assert_eq!((view.width, view.height), (500, 500));
        assert_eq!((view.placement.left, view.placement.top), (500.0, 700.0));
        assert_eq!(view.placement.scale, 4.0);
        assert_eq!(view.placement.photo_width, 3000);
    }

    #[test]
    fn no_face_is_a_reason_not_a_view() {
        let photo = gradient(40, 40);
        let mut metrics = Metrics::default();
        metrics.absent("face.box_left_px", "no face was found");
        let mut views = Views::new(&photo, 1.0, &metrics);
        let reason = views.get(Some(request(512))).unwrap_err();
        assert!(reason.contains("no face was found"), "{reason}");
        let whole = views.get(None).unwrap();
        assert_eq!((whole.width, whole.height), (40, 40));
    }
}
