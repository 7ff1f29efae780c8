//! Checks the signature vectors: every `valid` case reproduced and verified (now pinned to the
//! vector's timestamp), the `rotation` case, every `invalid` case rejected, tolerance edges.
//! Path: $VECTORS, else <repo root>/libs/signing/test-vectors/signatures.json.

mod json;

use fastgen_verify::*;
use json::Json;
use std::path::PathBuf;

fn vectors_path() -> PathBuf {
    match std::env::var_os("VECTORS") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../libs/signing/test-vectors/signatures.json"),
    }
}

struct Checks {
    passed: usize,
    failed: Vec<String>,
}

impl Checks {
    fn check(&mut self, name: &str, ok: bool) {
        if ok {
            self.passed += 1;
        } else {
            println!("FAIL {name}");
            self.failed.push(name.to_string());
        }
    }
}

fn headers(v: &Json) -> (String, String, String) {
    (
        v.str("webhook_id").to_string(),
        v.int("webhook_timestamp").to_string(),
        v.str("webhook_signature").to_string(),
    )
}

fn std_headers<'a>(h: &'a (String, String, String)) -> StandardHeaders<'a> {
    StandardHeaders {
        id: Some(&h.0),
        timestamp: Some(&h.1),
        signature: Some(&h.2),
    }
}

#[test]
fn signature_vectors() {
    let path = vectors_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read signature vectors at {}: {e} (set VECTORS)",
            path.display()
        )
    });
    let root = json::parse(&text).expect("vectors file is not valid JSON");
    let mut c = Checks {
        passed: 0,
        failed: vec![],
    };

    let valid = root.get("valid").arr();
    assert!(!valid.is_empty(), "no valid vectors");
    for v in valid {
        let name = v.str("name");
        let (secret, body, ts) = (
            v.str("secret"),
            v.str("body").as_bytes(),
            v.int("webhook_timestamp"),
        );
        let h = headers(v);
        c.check(
            &format!("{name}: sign x-fastgen-signature"),
            sign_fastgen(secret, body) == v.str("x_fastgen_signature"),
        );
        c.check(
            &format!("{name}: sign webhook-signature"),
            sign_standard(secret, v.str("webhook_id"), ts, body).as_deref()
                == Ok(v.str("webhook_signature")),
        );
        c.check(
            &format!("{name}: verify x-fastgen-signature"),
            verify_fastgen(secret, body, Some(v.str("x_fastgen_signature"))).is_ok(),
        );
        c.check(
            &format!("{name}: verify webhook-signature"),
            verify_standard_at(secret, std_headers(&h), body, DEFAULT_TOLERANCE_SECS, ts).is_ok(),
        );
    }

    let r = root.get("rotation");
    let secrets: Vec<&str> = r
        .get("secrets_newest_first")
        .arr()
        .iter()
        .map(|s| s.as_str())
        .collect();
    let (body, ts, h) = (
        r.str("body").as_bytes(),
        r.int("webhook_timestamp"),
        headers(r),
    );
    let joined: Vec<String> = secrets
        .iter()
        .map(|s| sign_standard(s, r.str("webhook_id"), ts, body).unwrap())
        .collect();
    c.check(
        "rotation: sign webhook-signature",
        joined.join(" ") == r.str("webhook_signature"),
    );
    c.check(
        "rotation: sign x-fastgen-signature (newest)",
        sign_fastgen(secrets[0], body) == r.str("x_fastgen_signature"),
    );
    c.check(
        "rotation: verify x-fastgen-signature (newest)",
        verify_fastgen(secrets[0], body, Some(r.str("x_fastgen_signature"))).is_ok(),
    );
    for (i, s) in secrets.iter().enumerate() {
        c.check(
            &format!("rotation: verify webhook-signature with secret #{i}"),
            verify_standard_at(s, std_headers(&h), body, DEFAULT_TOLERANCE_SECS, ts).is_ok(),
        );
    }

    for v in root.get("invalid").arr() {
        let name = v.str("name");
        let (secret, body, ts) = (
            v.str("secret"),
            v.str("body").as_bytes(),
            v.int("webhook_timestamp"),
        );
        let h = headers(v);
        c.check(
            &format!("{name}: reject x-fastgen-signature"),
            verify_fastgen(secret, body, Some(v.str("x_fastgen_signature"))).is_err(),
        );
        c.check(
            &format!("{name}: reject webhook-signature"),
            verify_standard_at(secret, std_headers(&h), body, DEFAULT_TOLERANCE_SECS, ts).is_err(),
        );
    }

    let v = &valid[0];
    let (secret, body, ts, h) = (
        v.str("secret"),
        v.str("body").as_bytes(),
        v.int("webhook_timestamp"),
        headers(v),
    );
    for (offset, want) in [
        (300, Ok(())),
        (-300, Ok(())),
        (301, Err(VerifyError::TimestampTooOld)),
        (-301, Err(VerifyError::TimestampTooNew)),
    ] {
        let got = verify_standard_at(
            secret,
            std_headers(&h),
            body,
            DEFAULT_TOLERANCE_SECS,
            ts + offset,
        );
        c.check(
            &format!("tolerance: now = timestamp {offset:+}"),
            got == want,
        );
    }
    let several = (h.0.clone(), h.1.clone(), format!("v1,AAAA {} v1a,xyz", h.2));
    c.check(
        "several signatures in one header",
        verify_standard_at(secret, std_headers(&several), body, 300, ts).is_ok(),
    );

    println!(
        "rust vectors: {} passed, {} failed",
        c.passed,
        c.failed.len()
    );
    assert!(c.failed.is_empty(), "failed checks: {:?}", c.failed);
}
