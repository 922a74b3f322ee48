//! `format` blocks: print size, pixel sizes, resolution, colour, copies, file constraints.

use std::sync::Arc;

use photorules_core::ir::{Format, Size};
use photorules_core::suggest::closest;
use photorules_core::unit::{Unit, WrittenUnit, convert};

use crate::ast::{Block, Dims, Quantity, Spanned};
use crate::err::{Code, Diagnostic, Diagnostics};
use crate::span::SourceFile;

use super::fields::Fields;
use super::sources::{SourceTable, provenance};
use super::values::{self, IdKind};

/// File types photorules can read, as `image.format` names them.
pub const FILE_TYPES: &[&str] = &["jpeg", "png", "webp"];

/// A `format` block as compiled; `None` when broken (errors reported).
pub fn read_format(
    block: &Block,
    table: &SourceTable<'_>,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Option<Format> {
    let errors_before = diags.error_count();
    let fields = Fields::new(block, file, diags);
    values::check_id(&block.name, IdKind::Format, file, diags);
    let print_mm = fields.dims("size").and_then(|d| print_size(d, file, diags));
    let pixels = |key: &str, diags: &mut Diagnostics| {
        fields.dims(key).and_then(|d| pixel_size(d, file, diags))
    };
    let format = Format {
        name: block.name.value.clone(),
        print_mm,
        pixels: pixels("pixels", diags),
        min_pixels: pixels("min-pixels", diags),
        max_pixels: pixels("max-pixels", diags),
        dpi: fields.quantity("dpi").and_then(|q| dpi(q, file, diags)),
        colour: fields.word("colour").and_then(|w| {
            values::keyword(
                w,
                &[("required", true), ("accepted", false)],
                Code::BadValue,
                "colour mode",
                file,
                diags,
            )
        }),
        copies: fields
            .quantity("copies")
            .and_then(|q| copies(q, file, diags)),
        max_bytes: fields
            .quantity("max-bytes")
            .and_then(|q| max_bytes(q, file, diags)),
        file_types: fields
            .list("file-types")
            .map(|items| file_types(items, file, diags))
            .unwrap_or_default(),
        provenance: provenance(&fields, "format", table, file, diags)?,
    };
    (diags.error_count() == errors_before).then_some(format)
}

fn bad_value(
    span: crate::span::Span,
    file: &Arc<SourceFile>,
    message: String,
    help: &str,
) -> Diagnostic {
    Diagnostic::error(Code::BadValue, file, span, message)
        .label("not allowed here")
        .help(help.to_string())
}

fn positive(d: &Dims, file: &Arc<SourceFile>, diags: &mut Diagnostics) -> Option<(f64, f64)> {
    let (w, h) = (values::number(&d.width), values::number(&d.height));
    if !(w.is_finite() && h.is_finite()) {
        let text = if w.is_finite() { &d.height } else { &d.width };
        diags.push(values::too_large(text, file));
        None
    } else if w > 0.0 && h > 0.0 {
        Some((w, h))
    } else {
        diags.push(bad_value(
            d.span,
            file,
            format!(
                "a size of `{} x {}` is empty",
                d.width.value, d.height.value
            ),
            "width and height must both be greater than zero",
        ));
        None
    }
}

fn print_size(d: &Dims, file: &Arc<SourceFile>, diags: &mut Diagnostics) -> Option<Size> {
    let unit = match &d.unit {
        None => {
            diags.push(
                bad_value(
                    d.span,
                    file,
                    "the print size has no unit".to_string(),
                    "write the unit, e.g. `size 35 x 45 mm`",
                )
                .label("unit missing"),
            );
            return None;
        }
        Some(u) => values::unit(Some(u), file, diags)?,
    };
    let (w, h) = positive(d, file, diags)?;
    let to_mm = |v| convert(v, unit, Unit::Mm, None, None);
    match (to_mm(w), to_mm(h)) {
        (Ok(width), Ok(height)) if !(width.is_finite() && height.is_finite()) => {
            let text = if width.is_finite() {
                &d.height
            } else {
                &d.width
            };
            diags.push(values::too_large(text, file));
            None
        }
        (Ok(width), Ok(height)) => Some(Size { width, height }),
        _ => {
            let span = d.unit.as_ref().map_or(d.span, |u| u.span);
            diags.push(
                Diagnostic::error(
                    Code::UnitMismatch,
                    file,
                    span,
                    format!("a print size is a length, not `{}`", unit.symbol()),
                )
                .label("not a length")
                .help("write it in mm, cm or in, e.g. `size 35 x 45 mm`"),
            );
            None
        }
    }
}

fn pixel_size(d: &Dims, file: &Arc<SourceFile>, diags: &mut Diagnostics) -> Option<Size> {
    let unit = match &d.unit {
        None => None,
        Some(u) => Some(values::unit(Some(u), file, diags)?),
    };
    if unit != Some(WrittenUnit::Px) {
        diags.push(
            Diagnostic::error(
                Code::UnitMismatch,
                file,
                d.unit.as_ref().map_or(d.span, |u| u.span),
                "a pixel size is written in `px`".to_string(),
            )
            .label(if unit.is_none() {
                "unit missing"
            } else {
                "not px"
            })
            .help(format!("write `{} x {} px`", d.width.value, d.height.value)),
        );
        return None;
    }
    let (width, height) = positive(d, file, diags)?;
    Some(Size { width, height })
}

fn dpi(q: &Quantity, file: &Arc<SourceFile>, diags: &mut Diagnostics) -> Option<f64> {
    let (value, unit) = values::quantity(q, file, diags)?;
    if !matches!(unit, WrittenUnit::None | WrittenUnit::Dpi) {
        diags.push(bad_value(
            q.span,
            file,
            format!("`{}` is not a resolution", text(q)),
            "write dots per inch, e.g. `dpi 300`",
        ));
        return None;
    }
    if value <= 0.0 || !value.is_finite() {
        diags.push(bad_value(
            q.span,
            file,
            format!("a resolution of `{}` is not possible", text(q)),
            "write a number of dots per inch above zero",
        ));
        return None;
    }
    Some(value)
}

fn copies(q: &Quantity, file: &Arc<SourceFile>, diags: &mut Diagnostics) -> Option<u32> {
    let (value, unit) = values::quantity(q, file, diags)?;
    let whole = value.fract() == 0.0 && (1.0..=1000.0).contains(&value);
    if unit != WrittenUnit::None || !whole {
        diags.push(bad_value(
            q.span,
            file,
            format!("`{}` is not a number of copies", text(q)),
            "write a whole number from 1, e.g. `copies 4`",
        ));
        return None;
    }
    Some(value as u32)
}

fn max_bytes(q: &Quantity, file: &Arc<SourceFile>, diags: &mut Diagnostics) -> Option<u64> {
    let (value, unit) = values::quantity(q, file, diags)?;
    match convert(value, unit, Unit::Bytes, None, None) {
        Ok(bytes) if (1.0..1e15).contains(&bytes) => Some(bytes.round() as u64),
        Ok(_) => {
            diags.push(bad_value(
                q.span,
                file,
                format!("a file size of `{}` is not possible", text(q)),
                "write a size above zero, e.g. `max-bytes 1 MB`",
            ));
            None
        }
        Err(_) => {
            diags.push(
                Diagnostic::error(
                    Code::UnitMismatch,
                    file,
                    q.span,
                    format!("`{}` is not a file size", text(q)),
                )
                .help("write it in B, KB, MB, KiB or MiB, e.g. `max-bytes 1 MB`"),
            );
            None
        }
    }
}

fn file_types(
    items: &[Spanned<String>],
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !FILE_TYPES.contains(&item.value.as_str()) {
            let help = match closest(&item.value, FILE_TYPES.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("photorules reads: {}", FILE_TYPES.join(", ")),
            };
            diags.push(
                Diagnostic::error(
                    Code::BadValue,
                    file,
                    item.span,
                    format!("unknown file type `{}`", item.value),
                )
                .label("not a file type")
                .help(help),
            );
        } else if out.contains(&item.value) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateKey,
                    file,
                    item.span,
                    format!("file type `{}` is listed twice", item.value),
                )
                .label("listed again"),
            );
        } else {
            out.push(item.value.clone());
        }
    }
    out
}

/// A quantity as written, for messages.
pub fn text(q: &Quantity) -> String {
    match &q.unit {
        Some(u) => format!("{} {}", q.number.value, u.value),
        None => q.number.value.clone(),
    }
}
