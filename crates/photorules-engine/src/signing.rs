//! Signed decision records: a service signs each report with its Ed25519 key, so that an
//! auditor holding the public key can tell a report the service produced from an edited one,
//! even one whose metrics hash was recomputed after the edit.
//!
//! The signature covers the whole report, serialised as compact JSON with its `signature`
//! field left out; the signature carries the public key and its SHA-256 fingerprint, so that a
//! report names the key it was signed with. Trust comes from the key the auditor is given, not
//! from the key in the report: [`verify`] checks against a trusted key.

use ed25519_dalek::{Signer, Verifier};
pub use ed25519_dalek::{SigningKey, VerifyingKey};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::report::Report;

/// The signature of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReportSignature {
    /// Always `ed25519`.
    pub algorithm: String,
    /// The signer's public key, lower-case hex (32 bytes).
    pub public_key: String,
    /// SHA-256 of the public key's bytes, lower-case hex: the key's name in logs and records.
    pub key_fingerprint: String,
    /// The signature of the report without this field, lower-case hex (64 bytes).
    pub value: String,
}

/// Why a key file or a signature is not accepted.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("a key is 64 hexadecimal digits (32 bytes); this one is not")]
    BadKey,
    #[error("the report is not signed")]
    Unsigned,
    #[error("the report was signed with key {found}, not with the trusted key {trusted}")]
    OtherKey { found: String, trusted: String },
    #[error("the signature is not valid: the report was changed after it was signed")]
    Invalid,
}

/// A signing key from its hex text (a key file's content, surrounding whitespace ignored).
pub fn signing_key(hex_text: &str) -> Result<SigningKey, SignatureError> {
    Ok(SigningKey::from_bytes(&key_bytes(hex_text)?))
}

/// A public key from its hex text.
pub fn verifying_key(hex_text: &str) -> Result<VerifyingKey, SignatureError> {
    VerifyingKey::from_bytes(&key_bytes(hex_text)?).map_err(|_| SignatureError::BadKey)
}

fn key_bytes(hex_text: &str) -> Result<[u8; 32], SignatureError> {
    let bytes = hex::decode(hex_text.trim()).map_err(|_| SignatureError::BadKey)?;
    bytes.try_into().map_err(|_| SignatureError::BadKey)
}

/// A new signing key from the operating system's random generator, as hex (private, public).
pub fn generate() -> Result<(String, String), getrandom::Error> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)?;
    let key = SigningKey::from_bytes(&seed);
    Ok((
        hex::encode(key.to_bytes()),
        hex::encode(key.verifying_key().to_bytes()),
    ))
}

/// The SHA-256 fingerprint of a public key.
pub fn fingerprint(key: &VerifyingKey) -> String {
    hex::encode(Sha256::digest(key.to_bytes()))
}

/// The bytes a signature covers: the report as compact JSON without its signature.
fn signed_bytes(report: &Report) -> Vec<u8> {
    let mut unsigned = report.clone();
    unsigned.signature = None;
    serde_json::to_vec(&unsigned).unwrap_or_default()
}

/// Sign `report` with `key`, replacing any signature it had.
pub fn sign(report: &mut Report, key: &SigningKey) {
    let value = key.sign(&signed_bytes(report));
    let public = key.verifying_key();
    report.signature = Some(ReportSignature {
        algorithm: "ed25519".to_string(),
        public_key: hex::encode(public.to_bytes()),
        key_fingerprint: fingerprint(&public),
        value: hex::encode(value.to_bytes()),
    });
}

/// Check that `report` was signed with `trusted` and not changed since.
pub fn verify(report: &Report, trusted: &VerifyingKey) -> Result<(), SignatureError> {
    let signature = report.signature.as_ref().ok_or(SignatureError::Unsigned)?;
    let found = verifying_key(&signature.public_key)?;
    if found != *trusted {
        return Err(SignatureError::OtherKey {
            found: fingerprint(&found),
            trusted: fingerprint(trusted),
        });
    }
    let bytes: [u8; 64] = hex::decode(&signature.value)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(SignatureError::Invalid)?;
    trusted
        .verify(
            &signed_bytes(report),
            &ed25519_dalek::Signature::from_bytes(&bytes),
        )
        .map_err(|_| SignatureError::Invalid)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::record::RunContext;

    fn report() -> Report {
        crate::check(
            &crate::tests::profile(),
            &photorules_core::Metrics::default(),
            &RunContext::default(),
        )
    }

    fn keys() -> (SigningKey, VerifyingKey) {
        let (private, public) = generate().unwrap();
        (
            signing_key(&private).unwrap(),
            verifying_key(&public).unwrap(),
        )
    }

    #[test]
    fn a_signed_report_verifies_with_its_key_and_survives_json() {
        let (key, public) = keys();
        let mut signed = report();
        sign(&mut signed, &key);
        assert_eq!(
            signed.signature.as_ref().unwrap().key_fingerprint,
            fingerprint(&public)
        );
        let text = serde_json::to_string_pretty(&signed).unwrap();
        let read: Report = serde_json::from_str(&text).unwrap();
        assert_eq!(verify(&read, &public), Ok(()));
    }

    #[test]
    fn an_edit_is_caught_even_with_the_metrics_hash_recomputed() {
        let (key, public) = keys();
        let mut signed = report();
        sign(&mut signed, &key);
        let mut edited = signed.clone();
        edited.decision = crate::Decision::Accept;
        edited.record.metrics_sha256 = crate::record::metrics_sha256(&edited.metrics);
        assert_eq!(verify(&edited, &public), Err(SignatureError::Invalid));
    }

    #[test]
    fn a_report_re_signed_with_another_key_is_refused() {
        let (key, public) = keys();
        let (other, _) = keys();
        let mut forged = report();
        sign(&mut forged, &key);
        forged.decision = crate::Decision::Accept;
        sign(&mut forged, &other);
        assert!(matches!(
            verify(&forged, &public),
            Err(SignatureError::OtherKey { .. })
        ));
        assert_eq!(verify(&report(), &public), Err(SignatureError::Unsigned));
    }

    #[test]
    fn keys_are_64_hex_digits() {
        assert_eq!(signing_key("abc").unwrap_err(), SignatureError::BadKey);
        assert_eq!(
            verifying_key(&"zz".repeat(32)).unwrap_err(),
            SignatureError::BadKey
        );
    }
}
