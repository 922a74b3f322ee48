//! The reduced JPEG decode: any bytes, decoded as a large photo is for its measurement (by
//! libjpeg-turbo's scaled inverse DCT, through C code), with the smallest copy allowed set so
//! low that every JPEG of 16 px or more takes that path. Every outcome is a picture or an
//! error; a picture has the size the file's header gives (after its EXIF orientation),
//! divided by 1, 2, 4 or 8 and rounded up.

use photorules_measure::DecodeLimits;
use photorules_measure::decode::decode_at;

pub fn run(data: &[u8]) {
    let Ok(decoded) = decode_at(data, &DecodeLimits::default(), Some(8)) else {
        return;
    };
    let (width, height) = decoded.image.dimensions();
    let (file_width, file_height) = (decoded.info.width, decoded.info.height);
    let reduced_by = |factor: u32| {
        (width, height) == (file_width.div_ceil(factor), file_height.div_ceil(factor))
    };
    if ![1, 2, 4, 8].into_iter().any(reduced_by) {
        panic!("a {file_width}×{file_height} file decoded to {width}×{height}");
    }
}
