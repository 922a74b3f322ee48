//! The HTTP upload parser of `/api/check`: the input's first line is the `Content-Type`
//! header, the rest the body. Any body ends in a form or a client error; a form's text fields
//! stay within their limit and its photo within the body.

use std::cell::RefCell;

use photorules_server::fuzzing::read_check_form;

/// The server's default upload limit is larger; this one is reached by the fuzzer's inputs.
const MAX_BYTES: usize = 64 * 1024;

thread_local! {
    static RUNTIME: RefCell<tokio::runtime::Runtime> = RefCell::new(
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap_or_else(|e| panic!("no runtime: {e}")),
    );
}

pub fn run(data: &[u8]) {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let Ok(content_type) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let body = data.get(split + 1..).unwrap_or_default().to_vec();
    let body_len = body.len();
    let outcome = RUNTIME
        .with_borrow(|runtime| runtime.block_on(read_check_form(content_type, body, MAX_BYTES)));
    if let Ok(form) = outcome {
        assert!(form.photo_bytes <= body_len, "a photo larger than the body");
        for (name, value) in &form.fields {
            assert!(value.len() <= 256, "field `{name}` over its limit");
        }
    }
}
