//! `POST /api/prepare` against a running server: files that decode, a print sheet, refusals.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use base64::Engine as _;
use common::{Server, client, form, photo};
use photorules_server::Limits;
use serde_json::Value;

const PROFILE: &str = "kz/driving-licence";

async fn prepare(server: &Server, form: reqwest::multipart::Form) -> (u16, Value) {
    let response = client()
        .post(server.url("/api/prepare"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

fn decoded(file: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(file["base64"].as_str().unwrap())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frontal_portrait_gives_the_digital_photo_and_a_print_sheet() {
    let server = Server::start(Limits::default()).await;
    let (status, answer) = prepare(
        &server,
        form(photo("grace_hopper.jpg"), "grace_hopper.jpg", PROFILE)
            .text("sheet", "10x15cm")
            .text("date", "2026-04-13"),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let outcome = answer["outcome"].as_str().unwrap();
    assert!(
        ["accepted", "undetermined"].contains(&outcome),
        "{outcome}: {}",
        answer["message"]
    );
    assert_eq!(answer["report"]["preparation"]["outcome"], outcome);
    assert_eq!(answer["report"]["profile"]["id"], PROFILE);

    let file = &answer["file"];
    assert_eq!(file["name"], "grace_hopper-kz-driving-licence.jpg");
    assert_eq!(file["media_type"], "image/jpeg");
    let bytes = decoded(file);
    assert_eq!(bytes.len() as u64, file["bytes"].as_u64().unwrap());
    let image = image::load_from_memory(&bytes).unwrap();
    // The profile's digital format: 413 × 531 px.
    assert_eq!((image.width(), image.height()), (413, 531));

    let sheet = &answer["sheet"];
    assert_eq!(sheet["summary"]["paper"], "10x15cm");
    assert_eq!(
        sheet["summary"]["photo_mm"],
        serde_json::json!([35.0, 45.0])
    );
    assert!(
        sheet["summary"]["caption"]
            .as_str()
            .unwrap()
            .ends_with("2026-04-13")
    );
    assert_eq!(
        sheet["pdf"]["name"],
        "grace_hopper-kz-driving-licence.sheet-10x15cm.pdf"
    );
    assert!(decoded(&sheet["pdf"]).starts_with(b"%PDF-"));
    let raster = image::load_from_memory(&decoded(&sheet["raster"])).unwrap();
    // 10 × 15 cm at 300 dpi.
    assert_eq!((raster.width(), raster.height()), (1181, 1772));
    assert!(answer["sheet_error"].is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_smile_is_refused_with_the_rules_that_cannot_be_fixed() {
    let server = Server::start(Limits::default()).await;
    let (status, answer) = prepare(&server, form(photo("obama.jpg"), "obama.jpg", PROFILE)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["outcome"], "refused");
    assert!(answer["file"].is_null());
    assert!(answer["sheet"].is_null());
    let reasons: Vec<&str> = answer["report"]["preparation"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["rule"].as_str())
        .collect();
    for rule in ["expression.neutral", "mouth.closed"] {
        assert!(reasons.contains(&rule), "{rule} not among {reasons:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn png_on_request() {
    let server = Server::start(Limits::default()).await;
    let (status, answer) = prepare(
        &server,
        form(photo("grace_hopper.jpg"), "grace_hopper.jpg", PROFILE).text("file_type", "png"),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["file"]["media_type"], "image/png");
    assert_eq!(
        answer["file"]["name"],
        "grace_hopper-kz-driving-licence.png"
    );
    assert!(decoded(&answer["file"]).starts_with(b"\x89PNG"));
    assert!(answer["sheet"].is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_options_are_400_before_any_work() {
    let server = Server::start(Limits::default()).await;
    for (field, value, detail) in [
        ("sheet", "letter", "`letter` is not a paper size"),
        (
            "format",
            "poster",
            "profile `kz/driving-licence` has no format `poster`",
        ),
        ("file_type", "gif", "`file_type` is `gif`"),
        ("background", "blue", "`background` is `blue`"),
        ("date", "tomorrow", "`date` is `tomorrow`"),
    ] {
        let (status, answer) = prepare(
            &server,
            form(photo("obama.jpg"), "obama.jpg", PROFILE).text(field, value),
        )
        .await;
        assert_eq!(status, 400, "{field}: {answer}");
        assert_eq!(answer["error"], "bad-request");
        assert!(
            answer["detail"].as_str().unwrap().starts_with(detail),
            "{field}: {answer}"
        );
    }
}
