#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| photorules_fuzz::jpeg_reduced::run(data));
