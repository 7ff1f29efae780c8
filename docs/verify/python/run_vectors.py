#!/usr/bin/env python3
"""Check fastgen_verify against the repository's signature vectors.

Usage: python3 run_vectors.py [path/to/signatures.json]   (or VECTORS=path)
Default: <repo root>/libs/signing/test-vectors/signatures.json. Exits non-zero on any failure.
"""

import json
import os
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # leave no __pycache__ in the docs tree
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fastgen_verify import (  # noqa: E402
    DEFAULT_TOLERANCE_SECONDS,
    WebhookVerificationError,
    sign_fastgen,
    sign_standard,
    standard_signature_header,
    verify_fastgen,
    verify_standard,
)

DEFAULT_VECTORS = Path(__file__).resolve().parents[3] / "libs" / "signing" / "test-vectors" / "signatures.json"


def headers(v, signature=None):
    return {
        "webhook-id": v["webhook_id"],
        "webhook-timestamp": str(v["webhook_timestamp"]),
        "webhook-signature": signature if signature is not None else v["webhook_signature"],
    }


def refused(fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except WebhookVerificationError as e:
        return e.reason
    return None


def main() -> int:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("VECTORS") or DEFAULT_VECTORS)
    if not path.is_file():
        print(f"signature vectors not found at {path} (pass a path or set VECTORS)", file=sys.stderr)
        return 2
    data = json.loads(path.read_text(encoding="utf-8"))
    passed, failed = 0, []

    def check(name, ok):
        nonlocal passed
        if ok:
            passed += 1
        else:
            failed.append(name)
            print(f"FAIL {name}")

    if not data.get("valid"):
        check("vectors file has valid cases", False)
    for v in data.get("valid", []):
        n, s, b, ts = v["name"], v["secret"], v["body"].encode("utf-8"), v["webhook_timestamp"]
        check(f"{n}: sign x-fastgen-signature", sign_fastgen(s, b) == v["x_fastgen_signature"])
        check(f"{n}: sign webhook-signature", sign_standard(s, v["webhook_id"], ts, b) == v["webhook_signature"])
        check(f"{n}: verify x-fastgen-signature", refused(verify_fastgen, s, b, v["x_fastgen_signature"]) is None)
        check(f"{n}: verify webhook-signature", refused(verify_standard, s, headers(v), b, now=ts) is None)

    r = data["rotation"]
    secrets, b, ts = r["secrets_newest_first"], r["body"].encode("utf-8"), r["webhook_timestamp"]
    check("rotation: sign webhook-signature",
          standard_signature_header(secrets, r["webhook_id"], ts, b) == r["webhook_signature"])
    check("rotation: sign x-fastgen-signature (newest)", sign_fastgen(secrets[0], b) == r["x_fastgen_signature"])
    check("rotation: verify x-fastgen-signature (newest)",
          refused(verify_fastgen, secrets[0], b, r["x_fastgen_signature"]) is None)
    for i, s in enumerate(secrets):
        check(f"rotation: verify webhook-signature with secret #{i}",
              refused(verify_standard, s, headers(r), b, now=ts) is None)

    for v in data["invalid"]:
        n, s, b, ts = v["name"], v["secret"], v["body"].encode("utf-8"), v["webhook_timestamp"]
        check(f"{n}: reject x-fastgen-signature", refused(verify_fastgen, s, b, v["x_fastgen_signature"]) is not None)
        check(f"{n}: reject webhook-signature", refused(verify_standard, s, headers(v), b, now=ts) is not None)

    v = data["valid"][0]
    s, b, ts = v["secret"], v["body"].encode("utf-8"), v["webhook_timestamp"]
    for offset, want in [(300, None), (-300, None), (301, "timestamp_too_old"), (-301, "timestamp_too_new")]:
        got = refused(verify_standard, s, headers(v), b, now=ts + offset, tolerance=DEFAULT_TOLERANCE_SECONDS)
        check(f"tolerance: now = timestamp {offset:+d}", got == want)
    several = f"v1,AAAA {v['webhook_signature']} v1a,xyz"
    check("several signatures in one header", refused(verify_standard, s, headers(v, several), b, now=ts) is None)
    for label, h in [
        ("no headers", {}),
        ("non-numeric timestamp", {**headers(v), "webhook-timestamp": "soon"}),
        ("signature without scheme", headers(v, v["webhook_signature"][3:])),
    ]:
        check(f"malformed: {label}", refused(verify_standard, s, h, b, now=ts) is not None)
    check("malformed: uppercase hex", refused(verify_fastgen, s, b, v["x_fastgen_signature"].upper()) is not None)
    check("malformed: unusable secret", refused(verify_standard, "whsec_***", headers(v), b, now=ts) == "invalid_secret")

    print(f"python vectors: {passed} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
