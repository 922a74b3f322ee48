//! Print sheets measured as a printer would see them: the PDF's page and photo sizes in points
//! (1 pt = 1/72 in), the raster's pixels and declared resolution.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use image::{Rgb, RgbImage};
use lopdf::content::Content;
use lopdf::{Document, Object};
use photorules_prepare::encode;
use photorules_prepare::sheet::{self, Paper};

const MM_PER_PT: f64 = 25.4 / 72.0;
/// The tolerance the sheet is held to.
const TOLERANCE_MM: f64 = 0.1;

fn photo() -> RgbImage {
    let (w, h) = sheet::photo_pixels([35.0, 45.0]);
    RgbImage::from_pixel(w, h, Rgb([200, 30, 30]))
}

fn date() -> &'static str {
    "2026-04-13"
}

fn num(o: &Object) -> f64 {
    f64::from(o.as_float().unwrap())
}

/// Every image drawn on the page: the `cm` matrix in force at each `Do`, in mm (x, y from the
/// bottom-left, width, height), and the text shown.
fn drawn(doc: &Document) -> (Vec<[f64; 4]>, Vec<String>, [f64; 4]) {
    let (&_, &page) = doc.get_pages().iter().next().unwrap();
    let media: Vec<f64> = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(num)
        .collect();
    let content = Content::decode(&doc.get_page_content(page)).unwrap();
    let mut matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut stack = Vec::new();
    let mut images = Vec::new();
    let mut texts = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "q" => stack.push(matrix),
            "Q" => matrix = stack.pop().unwrap(),
            "cm" => {
                let m: Vec<f64> = op.operands.iter().map(num).collect();
                // Only translations and scales are used; compose for that case.
                assert_eq!((m[1], m[2]), (0.0, 0.0), "no rotation or skew expected");
                matrix = [
                    matrix[0] * m[0],
                    0.0,
                    0.0,
                    matrix[3] * m[3],
                    matrix[0] * m[4] + matrix[4],
                    matrix[3] * m[5] + matrix[5],
                ];
            }
            "Do" => images.push([
                matrix[4] * MM_PER_PT,
                matrix[5] * MM_PER_PT,
                matrix[0] * MM_PER_PT,
                matrix[3] * MM_PER_PT,
            ]),
            "Tj" => {
                texts.push(String::from_utf8(op.operands[0].as_str().unwrap().to_vec()).unwrap())
            }
            _ => {}
        }
    }
    let media_mm = [media[0], media[1], media[2], media[3]].map(|v| v * MM_PER_PT);
    (images, texts, media_mm)
}

#[test]
fn pdf_page_and_photos_are_physically_exact() {
    let paper = Paper::parse("10x15cm").unwrap();
    let layout = sheet::layout(paper, [35.0, 45.0], Some(4)).unwrap();
    let photo = photo();
    let jpeg = encode::jpeg(&photo, 95, Some(300.0)).unwrap();
    let caption = sheet::caption("kz/passport-abroad", [35.0, 45.0], 4, date());
    let bytes = sheet::pdf(&layout, &jpeg, photo.dimensions(), &caption);

    let doc = Document::load_mem(&bytes).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    let (images, texts, media) = drawn(&doc);
    assert!(
        (media[2] - media[0] - 100.0).abs() < TOLERANCE_MM,
        "page width {media:?}"
    );
    assert!(
        (media[3] - media[1] - 150.0).abs() < TOLERANCE_MM,
        "page height {media:?}"
    );
    assert_eq!(images.len(), 4);
    for (image, slot) in images.iter().zip(&layout.photos) {
        let [x, y, w, h] = *image;
        assert!((w - 35.0).abs() < TOLERANCE_MM, "photo width {w} mm");
        assert!((h - 45.0).abs() < TOLERANCE_MM, "photo height {h} mm");
        // Where the layout put it (the layout's y runs down from the top edge).
        assert!((x - slot.x).abs() < TOLERANCE_MM);
        assert!((150.0 - (y + h) - slot.y).abs() < TOLERANCE_MM);
        // Inside the page, clear of the 5 mm margin.
        assert!(
            x >= 5.0 && y >= 5.0 && x + w <= 95.0 && y + h <= 145.0,
            "{image:?}"
        );
    }
    // No two photos overlap.
    for (i, a) in images.iter().enumerate() {
        for b in &images[i + 1..] {
            let apart = a[0] + a[2] <= b[0]
                || b[0] + b[2] <= a[0]
                || a[1] + a[3] <= b[1]
                || b[1] + b[3] <= a[1];
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
    assert_eq!(
        texts,
        vec!["kz/passport-abroad - 35 x 45 mm - 4 copies - 2026-04-13".to_string()]
    );
    // The font is the standard Helvetica, not embedded.
    let font = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Font".as_slice()))
        .unwrap();
    assert_eq!(
        font.get(b"BaseFont").unwrap().as_name().unwrap(),
        b"Helvetica"
    );
    assert!(font.get(b"FontDescriptor").is_err());
}

#[test]
fn a4_turned_page_is_exact_too() {
    let layout = sheet::layout(Paper::parse("A4").unwrap(), [35.0, 45.0], None).unwrap();
    let photo = photo();
    let jpeg = encode::jpeg(&photo, 90, None).unwrap();
    let bytes = sheet::pdf(&layout, &jpeg, photo.dimensions(), "x");
    let (images, _, media) = drawn(&Document::load_mem(&bytes).unwrap());
    assert!((media[2] - 297.0).abs() < TOLERANCE_MM && (media[3] - 210.0).abs() < TOLERANCE_MM);
    assert_eq!(images.len(), 28);
}

#[test]
fn raster_sheet_has_photos_of_exact_pixel_size_and_declares_300_dpi() {
    let layout = sheet::layout(Paper::parse("4x6in").unwrap(), [35.0, 45.0], Some(4)).unwrap();
    let caption = sheet::caption("kz/passport-abroad", [35.0, 45.0], 4, date());
    let page = sheet::raster(&layout, &photo(), &caption).unwrap();
    // 4 × 6 in at 300 dpi.
    assert_eq!(page.dimensions(), (1200, 1800));
    // Each photo is a 413 × 531 block of its colour, where the layout says.
    for slot in &layout.photos {
        let x0 = (slot.x / 25.4 * 300.0).round() as u32;
        let y0 = (slot.y / 25.4 * 300.0).round() as u32;
        let is_photo = |x: u32, y: u32| page.get_pixel(x, y).0 == [200, 30, 30];
        assert!(is_photo(x0, y0) && is_photo(x0 + 412, y0 + 530));
        assert!(!is_photo(x0 - 1, y0) && !is_photo(x0 + 413, y0) && !is_photo(x0, y0 + 531));
        // A cut mark just left of the top-left corner, on the top edge's line.
        let mark_x = x0 - ((0.5f64 + 0.75) / 25.4 * 300.0).round() as u32;
        assert_eq!(
            page.get_pixel(mark_x, y0).0,
            [0, 0, 0],
            "no cut mark at {mark_x}, {y0}"
        );
    }
    // The caption was drawn: dark pixels in the caption line under the photos.
    let baseline = (layout.caption_at[1] / 25.4 * 300.0) as u32;
    let dark = (baseline - 25..baseline)
        .flat_map(|y| (0..page.width()).map(move |x| (x, y)))
        .filter(|&(x, y)| page.get_pixel(x, y).0[0] < 100)
        .count();
    assert!(dark > 300, "caption pixels: {dark}");

    let png = encode::png(&page, Some(sheet::SHEET_DPI)).unwrap();
    let reader = png::Decoder::new(std::io::Cursor::new(&png))
        .read_info()
        .unwrap();
    let dims = reader.info().pixel_dims.unwrap();
    assert_eq!(dims.xppu, 11_811, "300 dpi is 11 811 px per metre");
}
