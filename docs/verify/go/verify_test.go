package verify

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Signature vectors: $VECTORS, else <repo root>/libs/signing/test-vectors/signatures.json
// (go test runs in docs/verify/go).
func vectorsPath() string {
	if p := os.Getenv("VECTORS"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "..", "libs", "signing", "test-vectors", "signatures.json")
}

type vector struct {
	Name               string   `json:"name"`
	Secret             string   `json:"secret"`
	SecretsNewestFirst []string `json:"secrets_newest_first"`
	Body               string   `json:"body"`
	WebhookID          string   `json:"webhook_id"`
	WebhookTimestamp   int64    `json:"webhook_timestamp"`
	XFastgenSignature  string   `json:"x_fastgen_signature"`
	WebhookSignature   string   `json:"webhook_signature"`
}

type vectors struct {
	Valid    []vector `json:"valid"`
	Rotation vector   `json:"rotation"`
	Invalid  []vector `json:"invalid"`
}

func load(t *testing.T) vectors {
	t.Helper()
	raw, err := os.ReadFile(vectorsPath())
	if err != nil {
		t.Fatalf("cannot read signature vectors (set VECTORS): %v", err)
	}
	var v vectors
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("vectors file is not valid JSON: %v", err)
	}
	if len(v.Valid) == 0 || len(v.Invalid) == 0 || len(v.Rotation.SecretsNewestFirst) == 0 {
		t.Fatal("vectors file lacks valid, invalid or rotation cases")
	}
	return v
}

func headers(v vector, signature string) http.Header {
	h := http.Header{}
	h.Set("Webhook-Id", v.WebhookID)
	h.Set("Webhook-Timestamp", strconv.FormatInt(v.WebhookTimestamp, 10))
	h.Set("Webhook-Signature", signature)
	return h
}

func at(ts int64) Options { return Options{Now: func() time.Time { return time.Unix(ts, 0) }} }

type tally struct {
	t              *testing.T
	passed, failed int
}

func (c *tally) check(name string, ok bool) {
	if ok {
		c.passed++
		return
	}
	c.failed++
	c.t.Errorf("FAIL %s", name)
}

func TestSharedVectors(t *testing.T) {
	vs := load(t)
	c := &tally{t: t}

	for _, v := range vs.Valid {
		b := []byte(v.Body)
		c.check(v.Name+": sign x-fastgen-signature", SignFastgen(v.Secret, b) == v.XFastgenSignature)
		sig, err := SignStandard(v.Secret, v.WebhookID, v.WebhookTimestamp, b)
		c.check(v.Name+": sign webhook-signature", err == nil && sig == v.WebhookSignature)
		c.check(v.Name+": verify x-fastgen-signature", VerifyFastgen(v.Secret, b, v.XFastgenSignature) == nil)
		c.check(v.Name+": verify webhook-signature",
			VerifyStandard(v.Secret, headers(v, v.WebhookSignature), b, at(v.WebhookTimestamp)) == nil)
	}

	r := vs.Rotation
	b := []byte(r.Body)
	var entries []string
	for _, s := range r.SecretsNewestFirst {
		sig, err := SignStandard(s, r.WebhookID, r.WebhookTimestamp, b)
		c.check("rotation: sign entry", err == nil)
		entries = append(entries, sig)
	}
	c.check("rotation: sign webhook-signature", strings.Join(entries, " ") == r.WebhookSignature)
	c.check("rotation: sign x-fastgen-signature (newest)", SignFastgen(r.SecretsNewestFirst[0], b) == r.XFastgenSignature)
	c.check("rotation: verify x-fastgen-signature (newest)", VerifyFastgen(r.SecretsNewestFirst[0], b, r.XFastgenSignature) == nil)
	for i, s := range r.SecretsNewestFirst {
		c.check(fmt.Sprintf("rotation: verify webhook-signature with secret #%d", i),
			VerifyStandard(s, headers(r, r.WebhookSignature), b, at(r.WebhookTimestamp)) == nil)
	}

	for _, v := range vs.Invalid {
		b := []byte(v.Body)
		c.check(v.Name+": reject x-fastgen-signature", VerifyFastgen(v.Secret, b, v.XFastgenSignature) != nil)
		c.check(v.Name+": reject webhook-signature",
			VerifyStandard(v.Secret, headers(v, v.WebhookSignature), b, at(v.WebhookTimestamp)) != nil)
	}

	v := vs.Valid[0]
	b = []byte(v.Body)
	for _, tc := range []struct {
		offset int64
		want   error
	}{{300, nil}, {-300, nil}, {301, ErrTimestampTooOld}, {-301, ErrTimestampTooNew}} {
		err := VerifyStandard(v.Secret, headers(v, v.WebhookSignature), b, at(v.WebhookTimestamp+tc.offset))
		c.check(fmt.Sprintf("tolerance: now = timestamp %+d", tc.offset), errors.Is(err, tc.want))
	}
	several := "v1,AAAA " + v.WebhookSignature + " v1a,xyz"
	c.check("several signatures in one header", VerifyStandard(v.Secret, headers(v, several), b, at(v.WebhookTimestamp)) == nil)
	badTS := headers(v, v.WebhookSignature)
	badTS.Set("Webhook-Timestamp", "soon")
	c.check("malformed: no headers", VerifyStandard(v.Secret, http.Header{}, b, at(v.WebhookTimestamp)) == ErrMissingHeader)
	c.check("malformed: non-numeric timestamp", VerifyStandard(v.Secret, badTS, b, at(v.WebhookTimestamp)) == ErrMalformedHeader)
	c.check("malformed: signature without scheme",
		VerifyStandard(v.Secret, headers(v, v.WebhookSignature[3:]), b, at(v.WebhookTimestamp)) == ErrSignatureMismatch)
	c.check("malformed: uppercase hex", VerifyFastgen(v.Secret, b, strings.ToUpper(v.XFastgenSignature)) == ErrMalformedHeader)
	c.check("malformed: unusable secret",
		VerifyStandard("whsec_***", headers(v, v.WebhookSignature), b, at(v.WebhookTimestamp)) == ErrInvalidSecret)

	fmt.Printf("go vectors: %d passed, %d failed\n", c.passed, c.failed)
}
