//! The API against a running server on loopback, through a real HTTP client.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use base64::Engine as _;
use common::{Server, client, form, photo};
use photorules::measure::DecodeLimits;
use photorules_server::Limits;
use serde_json::Value;

const PROFILE: &str = "kz/driving-licence";

async fn json(response: reqwest::Response) -> Value {
    response.json::<Value>().await.expect("a JSON body")
}

/// The JSON body of a response that must have `status`; on any other status the assertion
/// shows the body, which carries the server's reason.
async fn json_with(response: reqwest::Response, status: u16) -> Value {
    let actual = response.status().as_u16();
    let body = response.text().await.expect("a body");
    assert_eq!(actual, status, "body: {body}");
    serde_json::from_str(&body).expect("a JSON body")
}

async fn check(server: &Server, photo: Vec<u8>, name: &str, profile: &str) -> reqwest::Response {
    client()
        .post(server.url("/api/check"))
        .multipart(form(photo, name, profile))
        .send()
        .await
        .expect("request")
}

fn failing(report: &Value) -> Vec<String> {
    report["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter(|r| r["verdict"] == "fail")
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_answers_with_profiles_and_plugins() {
    let server = Server::start(Limits::default()).await;
    let response = client().get(server.url("/health")).send().await.unwrap();
    let body = json_with(response, 200).await;
    assert_eq!(body["status"], "ok");
    assert!(body["profiles"].as_u64().unwrap() >= 4, "{body}");
    assert!(body["plugins"].is_array());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_are_grouped_by_country_with_trust_and_verification() {
    let server = Server::start(Limits::default()).await;
    let body = json(
        client()
            .get(server.url("/api/profiles"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let groups = body["groups"].as_array().unwrap();
    let kz = groups
        .iter()
        .find(|g| g["jurisdiction"] == "KZ")
        .expect("a Kazakhstan group");
    assert_eq!(kz["country"], "Kazakhstan");
    let licence = kz["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == PROFILE)
        .expect("kz/driving-licence listed");
    assert_eq!(licence["title"], "Kazakhstan driving licence photo");
    assert!(
        ["official", "official-general", "inferred"].contains(&licence["status"].as_str().unwrap())
    );
    assert_eq!(licence["verified"].as_str().unwrap().len(), 10);
    assert!(!licence["trust"].as_str().unwrap().is_empty());
    let formats: Vec<&str> = licence["formats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(formats, ["print", "digital"]);
    // International profiles come after the countries.
    assert_eq!(groups.last().unwrap()["jurisdiction"], "international");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_answers_the_report_of_the_library() {
    let server = Server::start(Limits::default()).await;
    let response = check(&server, photo("obama.jpg"), "obama.jpg", PROFILE).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let report = json(response).await;
    assert_eq!(report["decision"], "reject");
    assert_eq!(report["profile"]["id"], PROFILE);
    assert_eq!(report["record"]["image"]["name"], "obama.jpg");
    let failing = failing(&report);
    for expected in EXPECTED_FAILING {
        assert!(
            failing.iter().any(|f| f == expected),
            "`{expected}` should fail; failing: {failing:?}"
        );
    }
    // Field for field what `photorules check --format json` prints for the same photo.
    let library = common::library();
    let profile = library.compile(PROFILE).unwrap();
    let direct = library
        .check_bytes(&profile, &photo("obama.jpg"), Some("obama.jpg"))
        .unwrap();
    assert_eq!(report, serde_json::to_value(&direct.report).unwrap());
}

/// The rules obama.jpg (smiling with teeth, flags behind) fails for a Kazakh driving licence.
const EXPECTED_FAILING: &[&str] = &["expression.neutral", "mouth.closed"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_with_annotate_adds_the_annotated_photo() {
    let server = Server::start(Limits::default()).await;
    let response = client()
        .post(server.url("/api/check"))
        .multipart(form(photo("obama.jpg"), "obama.jpg", PROFILE).text("annotate", "true"))
        .send()
        .await
        .unwrap();
    let body = json_with(response, 200).await;
    assert_eq!(body["report"]["decision"], "reject");
    let png = base64::engine::general_purpose::STANDARD
        .decode(body["annotated_png"].as_str().unwrap())
        .unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    // 910 x 1137 reduced to 900 px on its longer side.
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!(height, 900);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_as_text_and_html() {
    let server = Server::start(Limits::default()).await;
    for (format, media_type, needle) in [
        ("text", "text/plain", "✗"),
        ("html", "text/html", "data:image/png;base64,"),
    ] {
        let response = client()
            .post(server.url("/api/check"))
            .multipart(form(photo("obama.jpg"), "obama.jpg", PROFILE).text("format", format))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(media_type)
        );
        assert!(response.text().await.unwrap().contains(needle));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_profile_is_404_with_the_closest_id() {
    let server = Server::start(Limits::default()).await;
    let response = check(
        &server,
        photo("obama.jpg"),
        "obama.jpg",
        "kz/driving-licnce",
    )
    .await;
    let body = json_with(response, 404).await;
    assert_eq!(body["error"], "unknown-profile");
    assert_eq!(
        body["detail"],
        "no profile `kz/driving-licnce`; did you mean `kz/driving-licence`?"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_path_is_never_compiled() {
    let server = Server::start(Limits::default()).await;
    let path = common::workspace().join("rules/kz/driving-licence.rules");
    let response = check(
        &server,
        photo("obama.jpg"),
        "obama.jpg",
        path.to_str().unwrap(),
    )
    .await;
    assert_eq!(json_with(response, 404).await["error"], "unknown-profile");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corrupt_and_truncated_images_are_400_with_the_reason() {
    let server = Server::start(Limits::default()).await;
    let response = check(&server, b"GIF89a not a photo".to_vec(), "x.gif", PROFILE).await;
    let body = json_with(response, 400).await;
    assert_eq!(body["error"], "bad-image");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("not a JPEG, PNG or WebP image"),
        "{body}"
    );

    let truncated = photo("obama.jpg")[..20_000].to_vec();
    let response = check(&server, truncated, "obama.jpg", PROFILE).await;
    let body = json_with(response, 400).await;
    assert_eq!(body["error"], "bad-image");
    assert!(
        body["detail"].as_str().unwrap().contains("truncated"),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_pixels_is_400_before_decoding() {
    let library = common::library_with(DecodeLimits {
        max_pixels: 500_000,
        ..DecodeLimits::default()
    });
    let server = Server::start_with(library, Limits::default()).await;
    let response = check(&server, photo("obama.jpg"), "obama.jpg", PROFILE).await;
    let body = json_with(response, 400).await;
    assert_eq!(body["error"], "bad-image");
    assert_eq!(
        body["detail"],
        "the image is 910 × 1137 px (1.0 MP), more than the limit of 0.5 MP"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_over_the_limit_is_413() {
    let server = Server::start(Limits {
        max_upload_bytes: 100_000,
        ..Limits::default()
    })
    .await;
    // obama.jpg is 279 922 bytes.
    let response = check(&server, photo("obama.jpg"), "obama.jpg", PROFILE).await;
    let body = json_with(response, 413).await;
    assert_eq!(body["error"], "too-large");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .ends_with("more than the limit of 100000 bytes"),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_without_length_is_cut_at_the_limit() {
    let server = Server::start(Limits {
        max_upload_bytes: 100_000,
        ..Limits::default()
    })
    .await;
    // 10 % over the limit: the rest of the body still fits the loopback socket buffers after
    // the server stops reading, so the client finishes sending and reads the answer (a body far
    // over the limit may meet a closed connection first, which is the server's right).
    let mut bytes = photo("obama.jpg");
    bytes.truncate(110_000);
    // A streamed part has no length, so the request is sent chunked.
    let stream = futures_stream(bytes);
    let part =
        reqwest::multipart::Part::stream(reqwest::Body::wrap_stream(stream)).file_name("obama.jpg");
    let form = reqwest::multipart::Form::new()
        .text("profile", PROFILE)
        .part("photo", part);
    let response = client()
        .post(server.url("/api/check"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(json_with(response, 413).await["error"], "too-large");
}

fn futures_stream(
    bytes: Vec<u8>,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        bytes.chunks(16 * 1024).map(|c| Ok(c.to_vec())).collect();
    futures_util::stream::iter(chunks)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saturated_server_answers_503_with_retry_after() {
    let server = Server::start(Limits {
        max_concurrent: 1,
        max_queued: 0,
        ..Limits::default()
    })
    .await;
    let bytes = photo("obama.jpg");
    let requests = (0..6).map(|_| check(&server, bytes.clone(), "obama.jpg", PROFILE));
    let responses = futures_util::future::join_all(requests).await;
    let mut ok = 0;
    let mut busy = 0;
    for response in responses {
        match response.status().as_u16() {
            200 => ok += 1,
            503 => {
                assert_eq!(response.headers()["retry-after"], "2");
                let body = json(response).await;
                assert_eq!(body["error"], "busy");
                busy += 1;
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(ok >= 1, "no request was served");
    assert!(
        busy >= 1,
        "no request was refused with one worker and no queue"
    );
    // Once the work is over the server takes requests again.
    let response = check(&server, photo("obama.jpg"), "obama.jpg", PROFILE).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_over_the_time_limit_is_503_timeout() {
    let server = Server::start(Limits {
        request_timeout: Duration::from_millis(30),
        ..Limits::default()
    })
    .await;
    let response = check(&server, photo("obama.jpg"), "obama.jpg", PROFILE).await;
    let body = json_with(response, 503).await;
    assert_eq!(body["error"], "timeout");
    assert_eq!(
        body["detail"],
        "the request took longer than the limit of 0.03 s"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_forms_are_400() {
    let server = Server::start(Limits::default()).await;
    let no_photo = reqwest::multipart::Form::new().text("profile", PROFILE);
    let response = client()
        .post(server.url("/api/check"))
        .multipart(no_photo)
        .send()
        .await
        .unwrap();
    assert_eq!(
        json_with(response, 400).await["detail"],
        "the form has no `photo` file"
    );

    let extra = form(photo("obama.jpg"), "obama.jpg", PROFILE).text("colour", "red");
    let response = client()
        .post(server.url("/api/check"))
        .multipart(extra)
        .send()
        .await
        .unwrap();
    assert!(
        json_with(response, 400).await["detail"]
            .as_str()
            .unwrap()
            .starts_with("unknown form field `colour`")
    );

    let response = client()
        .post(server.url("/api/check"))
        .body("profile=kz/driving-licence")
        .send()
        .await
        .unwrap();
    assert_eq!(json_with(response, 400).await["error"], "bad-request");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_paths_are_json_404() {
    let server = Server::start(Limits::default()).await;
    let response = client()
        .get(server.url("/api/nothing"))
        .send()
        .await
        .unwrap();
    assert_eq!(json_with(response, 404).await["error"], "not-found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_is_served_with_its_assets_and_no_external_resource() {
    let server = Server::start(Limits::default()).await;
    let response = client().get(server.url("/")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"type="file" accept="image/*" capture="user""#));
    for asset in ["/app.js", "/app.css"] {
        assert!(html.contains(asset));
        let response = client().get(server.url(asset)).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let text = response.text().await.unwrap();
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{asset} names an external address"
        );
    }
    assert!(!html.contains("http://") && !html.contains("https://"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_comes_in_the_language_asked_for() {
    let server = Server::start(Limits::default()).await;
    let send = |url: String, accept: Option<&'static str>| {
        let mut request =
            client()
                .post(url)
                .multipart(form(photo("obama.jpg"), "obama.jpg", PROFILE));
        if let Some(accept) = accept {
            request = request.header("Accept-Language", accept);
        }
        request.send()
    };
    let english = json_with(send(server.url("/api/check"), None).await.unwrap(), 200).await;
    assert_eq!(english["language"], "en");
    let russian = json_with(
        send(server.url("/api/check?lang=ru"), Some("kk"))
            .await
            .unwrap(),
        200,
    )
    .await;
    assert_eq!(russian["language"], "ru", "the query wins over the header");
    assert!(
        russian["summary"]
            .as_str()
            .unwrap()
            .starts_with("отклонено"),
        "{}",
        russian["summary"]
    );
    assert_eq!(failing(&russian), failing(&english));
    let kazakh = json_with(
        send(server.url("/api/check"), Some("de-DE,kk;q=0.8,en;q=0.5"))
            .await
            .unwrap(),
        200,
    )
    .await;
    assert_eq!(kazakh["language"], "kk");
    let refused = json_with(
        send(server.url("/api/check?lang=xx"), None).await.unwrap(),
        400,
    )
    .await;
    assert!(
        refused["detail"]
            .as_str()
            .unwrap()
            .contains("`lang` is `xx`"),
        "{refused}"
    );
}

/// One client sending its upload a byte at a time: headers, then a byte every `every`, for at
/// most `bytes` bytes (bounded: the test stops by itself). Answers what the server said.
async fn slow_upload(address: String, every: Duration, bytes: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /api/check HTTP/1.1\r\nHost: {address}\r\nContent-Type: multipart/form-data; boundary=slow\r\nContent-Length: 100000\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    for _ in 0..bytes {
        if stream.write_all(b"-").await.is_err() {
            break;
        }
        tokio::time::sleep(every).await;
    }
    let mut answer = vec![0u8; 512];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer))
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or(0);
    String::from_utf8_lossy(&answer[..read]).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_uploads_cannot_hold_the_workers() {
    let server = Server::start(Limits {
        max_concurrent: 1,
        max_queued: 1,
        upload_timeout: Duration::from_secs(3),
        max_uploads: 16,
        ..Limits::default()
    })
    .await;
    let address = server
        .url("")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    // Eight clients sending a byte every 200 ms: more than the workers and the queue together.
    let slow: Vec<_> = (0..8)
        .map(|_| tokio::spawn(slow_upload(address.clone(), Duration::from_millis(200), 40)))
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    // A normal request is served while the slow ones are still sending.
    let started = std::time::Instant::now();
    let response = check(&server, photo("obama.jpg"), "obama.jpg", PROFILE).await;
    assert_eq!(response.status(), 200, "a slow upload held the worker");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    // The slow ones are cut off at the upload time with 408, freeing their places.
    for answer in futures_util::future::join_all(slow).await {
        let answer = answer.unwrap();
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        assert!(answer.contains("upload-timeout"), "{answer}");
    }
}
