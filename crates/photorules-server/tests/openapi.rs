//! The OpenAPI document: well formed, complete, and true of the server's real answers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Server, client, form, json_answer, photo};
use photorules_server::Limits;
use serde_json::{Value, json};

const PROFILE: &str = "kz/driving-licence";

async fn document(server: &Server) -> Value {
    let response = client()
        .get(server.url("/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Every `$ref` in `value`.
fn references<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(target)) => found.push(target),
                    _ => references(inner, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, found)),
        _ => {}
    }
}

/// A validator for the component schema `name`, its references resolved in the document.
fn validator(document: &Value, name: &str) -> jsonschema::Validator {
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/components/schemas/{name}"),
        "components": document["components"],
    });
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("schema `{name}`: {e}"))
}

fn assert_valid(document: &Value, name: &str, instance: &Value) {
    let validator = validator(document, name);
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "not a valid `{name}`: {errors:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_is_complete_and_every_reference_resolves() {
    let server = Server::start(Limits::default()).await;
    let document = document(&server).await;
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["info"]["version"], env!("CARGO_PKG_VERSION"));
    let paths = document["paths"].as_object().unwrap();
    for (path, method) in [
        ("/", "get"),
        ("/health", "get"),
        ("/openapi.json", "get"),
        ("/api/profiles", "get"),
        ("/api/check", "post"),
        ("/api/prepare", "post"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} is not described"
        );
    }
    let mut found = Vec::new();
    references(&document, &mut found);
    assert!(found.len() > 20);
    for target in found {
        let pointer = target.strip_prefix('#').expect("a local reference");
        assert!(
            document.pointer(pointer).is_some(),
            "`{target}` does not resolve"
        );
    }
    // The report's schema is generated from the engine's types.
    assert!(
        document
            .pointer("/components/schemas/Report/properties/decision")
            .is_some()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_answers_match_their_schemas() {
    let server = Server::start(Limits::default()).await;
    let document = document(&server).await;

    let health = json_answer(client().get(server.url("/health"))).await;
    assert_valid(&document, "Health", &health);

    let profiles = json_answer(client().get(server.url("/api/profiles"))).await;
    assert_valid(&document, "ProfileList", &profiles);

    let report = json_answer(client().post(server.url("/api/check")).multipart(form(
        photo("obama.jpg"),
        "obama.jpg",
        PROFILE,
    )))
    .await;
    assert_valid(&document, "Report", &report);

    let annotated = json_answer(
        client()
            .post(server.url("/api/check"))
            .multipart(form(photo("obama.jpg"), "obama.jpg", PROFILE).text("annotate", "true")),
    )
    .await;
    assert_valid(&document, "AnnotatedReport", &annotated);

    let error = json_answer(client().post(server.url("/api/check")).multipart(form(
        photo("obama.jpg"),
        "obama.jpg",
        "kz/nothing",
    )))
    .await;
    assert_valid(&document, "Error", &error);

    let prepared = json_answer(client().post(server.url("/api/prepare")).multipart(
        form(photo("grace_hopper.jpg"), "grace_hopper.jpg", PROFILE).text("sheet", "10x15cm"),
    ))
    .await;
    assert_valid(&document, "PrepareAnswer", &prepared);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_schemas_reject_what_the_server_never_answers() {
    let server = Server::start(Limits::default()).await;
    let document = document(&server).await;
    let validator = validator(&document, "Error");
    assert!(!validator.is_valid(&json!({"error": "oops", "detail": "x"})));
    assert!(!validator.is_valid(&json!({"error": "busy"})));
    let validator = validator_report(&document);
    assert!(!validator.is_valid(&json!({"decision": "maybe"})));
}

fn validator_report(document: &Value) -> jsonschema::Validator {
    validator(document, "Report")
}
