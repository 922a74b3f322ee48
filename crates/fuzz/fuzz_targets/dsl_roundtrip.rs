#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| photorules_fuzz::dsl_roundtrip::run(data));
