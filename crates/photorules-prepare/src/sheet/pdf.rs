//! The sheet as a one-page PDF: page and photos sized in points (1 pt = 1/72 in) from the
//! millimetre layout, the photo embedded once as its JPEG (DCTDecode) and drawn in every slot,
//! cut marks as stroked lines, the caption in the standard Helvetica (a base-14 font: viewers
//! and printers have it, nothing is embedded).

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};

use super::layout::{CAPTION_PT, Layout, MARK_WIDTH_MM};

fn pt(mm: f64) -> f32 {
    (mm / 25.4 * 72.0) as f32
}

/// A PDF of `layout` with the JPEG `photo_jpeg` (`photo_px` pixels) in every slot.
pub fn pdf(layout: &Layout, photo_jpeg: &[u8], photo_px: (u32, u32), caption: &str) -> Vec<u8> {
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let page_id = Ref::new(3);
    let photo_id = Ref::new(4);
    let font_id = Ref::new(5);
    let content_id = Ref::new(6);
    let photo_name = Name(b"Photo");
    let font_name = Name(b"Helv");
    let (page_w, page_h) = (pt(layout.page_mm[0]), pt(layout.page_mm[1]));

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page_id]).count(1);
    let mut page = pdf.page(page_id);
    page.media_box(Rect::new(0.0, 0.0, page_w, page_h));
    page.parent(tree);
    page.contents(content_id);
    let mut resources = page.resources();
    resources.x_objects().pair(photo_name, photo_id);
    resources.fonts().pair(font_name, font_id);
    resources.finish();
    page.finish();

    let mut image = pdf.image_xobject(photo_id, photo_jpeg);
    image.filter(Filter::DctDecode);
    image.width(photo_px.0 as i32);
    image.height(photo_px.1 as i32);
    image.color_space().device_rgb();
    image.bits_per_component(8);
    image.finish();

    pdf.type1_font(font_id)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));

    let mut content = Content::new();
    for slot in &layout.photos {
        let (w, h) = (pt(slot.width), pt(slot.height));
        // PDF's y axis points up from the page's bottom edge.
        let (x, y) = (pt(slot.x), page_h - pt(slot.y) - h);
        content.save_state();
        content.transform([w, 0.0, 0.0, h, x, y]);
        content.x_object(photo_name);
        content.restore_state();
    }
    content.set_stroke_gray(0.0);
    content.set_line_width(pt(MARK_WIDTH_MM));
    for [a, b] in &layout.marks {
        content.move_to(pt(a[0]), page_h - pt(a[1]));
        content.line_to(pt(b[0]), page_h - pt(b[1]));
    }
    content.stroke();
    content.set_fill_gray(0.0);
    content.begin_text();
    content.set_font(font_name, CAPTION_PT as f32);
    content.next_line(pt(layout.caption_at[0]), page_h - pt(layout.caption_at[1]));
    content.show(Str(caption.as_bytes()));
    content.end_text();
    pdf.stream(content_id, &content.finish());
    pdf.finish()
}
