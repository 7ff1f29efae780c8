//! Verify Fastgen webhooks.
//!
//! * `X-Fastgen-Signature`: lowercase hex HMAC-SHA256 of the raw body, keyed with the whole
//!   secret string (UTF-8 bytes).
//! * Standard Webhooks: `webhook-signature` holds space-separated `v1,<base64>` entries,
//!   HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>` keyed with the base64-decoded
//!   part of the secret after `whsec_`.
//!
//! Always pass the raw request body bytes, never a re-serialised value.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

type HmacSha256 = Hmac<Sha256>;

/// Default accepted clock skew, in both directions.
pub const DEFAULT_TOLERANCE_SECS: i64 = 5 * 60;
const SECRET_PREFIX: &str = "whsec_";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyError {
    InvalidSecret,
    MissingHeader,
    MalformedHeader,
    TimestampTooOld,
    TimestampTooNew,
    SignatureMismatch,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            VerifyError::InvalidSecret => "invalid secret",
            VerifyError::MissingHeader => "missing signature header",
            VerifyError::MalformedHeader => "malformed signature header",
            VerifyError::TimestampTooOld => "webhook-timestamp too old",
            VerifyError::TimestampTooNew => "webhook-timestamp too new",
            VerifyError::SignatureMismatch => "no matching signature",
        };
        f.write_str(s)
    }
}

impl std::error::Error for VerifyError {}

/// The three Standard Webhooks header values, as received.
#[derive(Debug, Clone, Copy)]
pub struct StandardHeaders<'a> {
    pub id: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    pub signature: Option<&'a str>,
}

/// Lowercase hex HMAC-SHA256 of `body`, keyed with the whole secret string.
pub fn sign_fastgen(secret: &str, body: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One Standard Webhooks entry, `v1,<base64>`.
pub fn sign_standard(
    secret: &str,
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> Result<String, VerifyError> {
    let mac = standard_mac(&standard_key(secret)?, id, timestamp, body);
    Ok(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// Checks `X-Fastgen-Signature`. Only the exact lowercase hex digest is accepted.
pub fn verify_fastgen(secret: &str, body: &[u8], header: Option<&str>) -> Result<(), VerifyError> {
    let header = header
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .ok_or(VerifyError::MissingHeader)?;
    let given = decode_lower_hex(header).ok_or(VerifyError::MalformedHeader)?;
    let mut mac =
        HmacSha256::new_from_slice(secret.as_bytes()).map_err(|_| VerifyError::InvalidSecret)?;
    mac.update(body);
    mac.verify_slice(&given)
        .map_err(|_| VerifyError::SignatureMismatch)
}

/// Checks the Standard Webhooks headers against the system clock with a 5-minute tolerance.
pub fn verify_standard(
    secret: &str,
    headers: StandardHeaders<'_>,
    body: &[u8],
) -> Result<(), VerifyError> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    verify_standard_at(secret, headers, body, DEFAULT_TOLERANCE_SECS, now)
}

/// Checks the Standard Webhooks headers with an explicit tolerance and current time (Unix seconds).
/// Accepts if any `v1,` entry matches; timestamps further than `tolerance_secs` away are refused.
pub fn verify_standard_at(
    secret: &str,
    headers: StandardHeaders<'_>,
    body: &[u8],
    tolerance_secs: i64,
    now: i64,
) -> Result<(), VerifyError> {
    let key = standard_key(secret)?;
    let (id, ts, sig) = match (
        present(headers.id),
        present(headers.timestamp),
        present(headers.signature),
    ) {
        (Some(i), Some(t), Some(s)) => (i, t, s),
        _ => return Err(VerifyError::MissingHeader),
    };
    if ts.len() > 15 || !ts.bytes().all(|b| b.is_ascii_digit()) {
        return Err(VerifyError::MalformedHeader);
    }
    let timestamp: i64 = ts.parse().map_err(|_| VerifyError::MalformedHeader)?;
    if now - timestamp > tolerance_secs {
        return Err(VerifyError::TimestampTooOld);
    }
    if timestamp - now > tolerance_secs {
        return Err(VerifyError::TimestampTooNew);
    }
    let mac = standard_mac(&key, id, timestamp, body);
    let mut matched = false;
    for entry in sig.split(' ') {
        let Some(("v1", value)) = entry.split_once(',') else {
            continue;
        };
        if let Ok(given) = STANDARD.decode(value) {
            // verify_slice compares in constant time; every entry is checked.
            matched |= mac.clone().verify_slice(&given).is_ok();
        }
    }
    if matched {
        Ok(())
    } else {
        Err(VerifyError::SignatureMismatch)
    }
}

fn present(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|s| !s.is_empty())
}

fn standard_key(secret: &str) -> Result<Vec<u8>, VerifyError> {
    let encoded = secret
        .strip_prefix(SECRET_PREFIX)
        .ok_or(VerifyError::InvalidSecret)?;
    match STANDARD.decode(encoded) {
        Ok(key) if !key.is_empty() => Ok(key),
        _ => Err(VerifyError::InvalidSecret),
    }
}

fn standard_mac(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    mac
}

fn decode_lower_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() != 64 {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None, // uppercase is not the digest
    };
    s.as_bytes()
        .chunks(2)
        .map(|p| Some(nibble(p[0])? << 4 | nibble(p[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Any well-formed secret will do for malformed-header cases.
    const SECRET: &str = "whsec_AAAAAAAAAAAAAAAAAAAAAA==";

    #[test]
    fn rejects_malformed_headers_without_panicking() {
        let h = |t: &'static str, s: &'static str| StandardHeaders {
            id: Some("m"),
            timestamp: Some(t),
            signature: Some(s),
        };
        let body = b"{}";
        assert_eq!(
            verify_standard_at(SECRET, h("10", "v1,"), body, 300, 10),
            Err(VerifyError::SignatureMismatch)
        );
        assert_eq!(
            verify_standard_at(SECRET, h("-1", "v1,x"), body, 300, 10),
            Err(VerifyError::MalformedHeader)
        );
        assert_eq!(
            verify_standard_at(SECRET, h("1e3", "v1,x"), body, 300, 10),
            Err(VerifyError::MalformedHeader)
        );
        assert_eq!(
            verify_standard_at(SECRET, h("9".repeat(400).leak(), "v1,x"), body, 300, 10),
            Err(VerifyError::MalformedHeader)
        );
        assert_eq!(
            verify_standard_at("nope", h("10", "v1,x"), body, 300, 10),
            Err(VerifyError::InvalidSecret)
        );
        let none = StandardHeaders {
            id: None,
            timestamp: Some("10"),
            signature: Some("v1,x"),
        };
        assert_eq!(
            verify_standard_at(SECRET, none, body, 300, 10),
            Err(VerifyError::MissingHeader)
        );
        assert_eq!(
            verify_fastgen(SECRET, body, None),
            Err(VerifyError::MissingHeader)
        );
        assert_eq!(
            verify_fastgen(SECRET, body, Some("zz")),
            Err(VerifyError::MalformedHeader)
        );
    }
}
