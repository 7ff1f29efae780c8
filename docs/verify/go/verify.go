// Package verify checks Fastgen webhook signatures with the Go standard library only.
//
//   - X-Fastgen-Signature: lowercase hex HMAC-SHA256 of the raw body, keyed with the whole
//     secret string (UTF-8 bytes).
//   - Standard Webhooks: webhook-signature holds space-separated "v1,<base64>" entries,
//     HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>" keyed with the base64-decoded
//     part of the secret after "whsec_".
//
// Always pass the raw request body bytes, never a re-serialised value.
package verify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DefaultTolerance is the accepted clock skew, in both directions.
const DefaultTolerance = 5 * time.Minute

const secretPrefix = "whsec_"

var (
	ErrInvalidSecret     = errors.New("fastgen: invalid secret")
	ErrMissingHeader     = errors.New("fastgen: missing signature header")
	ErrMalformedHeader   = errors.New("fastgen: malformed signature header")
	ErrTimestampTooOld   = errors.New("fastgen: webhook-timestamp too old")
	ErrTimestampTooNew   = errors.New("fastgen: webhook-timestamp too new")
	ErrSignatureMismatch = errors.New("fastgen: no matching signature")
)

// Options for VerifyStandard. The zero value means a 5-minute tolerance and the system clock.
type Options struct {
	Tolerance time.Duration
	Now       func() time.Time
}

// SignFastgen returns the X-Fastgen-Signature value for body.
func SignFastgen(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// SignStandard returns one Standard Webhooks entry, "v1,<base64>".
func SignStandard(secret, id string, timestamp int64, body []byte) (string, error) {
	key, err := standardKey(secret)
	if err != nil {
		return "", err
	}
	return "v1," + base64.StdEncoding.EncodeToString(standardMAC(key, id, timestamp, body)), nil
}

// VerifyFastgen checks X-Fastgen-Signature. Only the exact lowercase hex digest is accepted.
func VerifyFastgen(secret string, body []byte, header string) error {
	header = strings.TrimSpace(header)
	if header == "" {
		return ErrMissingHeader
	}
	if len(header) != 64 || strings.ToLower(header) != header {
		return ErrMalformedHeader // uppercase hex is not the digest
	}
	given, err := hex.DecodeString(header)
	if err != nil {
		return ErrMalformedHeader
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	if !hmac.Equal(mac.Sum(nil), given) {
		return ErrSignatureMismatch
	}
	return nil
}

// VerifyStandard checks webhook-id, webhook-timestamp and webhook-signature from h.
// It accepts if any "v1," entry matches and refuses timestamps outside the tolerance.
func VerifyStandard(secret string, h http.Header, body []byte, opts Options) error {
	key, err := standardKey(secret)
	if err != nil {
		return err
	}
	tolerance := opts.Tolerance
	if tolerance == 0 {
		tolerance = DefaultTolerance
	}
	now := time.Now()
	if opts.Now != nil {
		now = opts.Now()
	}

	id := strings.TrimSpace(h.Get("webhook-id"))
	ts := strings.TrimSpace(h.Get("webhook-timestamp"))
	sig := strings.TrimSpace(h.Get("webhook-signature"))
	if id == "" || ts == "" || sig == "" {
		return ErrMissingHeader
	}
	if len(ts) > 15 || strings.Trim(ts, "0123456789") != "" {
		return ErrMalformedHeader
	}
	timestamp, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return ErrMalformedHeader
	}
	tol := int64(tolerance / time.Second)
	if now.Unix()-timestamp > tol {
		return ErrTimestampTooOld
	}
	if timestamp-now.Unix() > tol {
		return ErrTimestampTooNew
	}

	expected := standardMAC(key, id, timestamp, body)
	matched := false
	for _, entry := range strings.Split(sig, " ") {
		version, value, ok := strings.Cut(entry, ",")
		if !ok || version != "v1" {
			continue
		}
		given, err := base64.StdEncoding.Strict().DecodeString(value)
		if err == nil && hmac.Equal(expected, given) {
			matched = true // keep going: every entry is compared
		}
	}
	if !matched {
		return ErrSignatureMismatch
	}
	return nil
}

func standardKey(secret string) ([]byte, error) {
	encoded, ok := strings.CutPrefix(secret, secretPrefix)
	if !ok {
		return nil, ErrInvalidSecret
	}
	key, err := base64.StdEncoding.Strict().DecodeString(encoded)
	if err != nil || len(key) == 0 {
		return nil, ErrInvalidSecret
	}
	return key, nil
}

func standardMAC(key []byte, id string, timestamp int64, body []byte) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + strconv.FormatInt(timestamp, 10) + "."))
	mac.Write(body)
	return mac.Sum(nil)
}
