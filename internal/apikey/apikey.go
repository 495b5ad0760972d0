// Package apikey makes and checks StatusHub API key secrets.
//
// A secret is "shk_", then 192 random bits and a CRC-32 checksum of them,
// both in lower-case unpadded base32: 50 characters in all. The checksum
// lets scanners and the server reject a mistyped or truncated key without
// any lookup. The server keeps only the SHA-256 hash of a secret and its
// public prefix.
package apikey

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"strings"
)

// Scheme is the prefix of every secret.
const Scheme = "shk_"

const (
	randomBytes   = 24
	bodyLen       = 39 // base32 of randomBytes
	checksumLen   = 7  // base32 of 4 bytes
	secretLen     = len(Scheme) + bodyLen + checksumLen
	publicBodyLen = 8
)

var encoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// ErrMalformed is returned for a string that is not a well-formed secret.
var ErrMalformed = errors.New("malformed API key")

// Generate returns a new secret.
func Generate() (string, error) {
	b := make([]byte, randomBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generating API key: %w", err)
	}
	body := encoding.EncodeToString(b)
	return Scheme + body + checksum(body), nil
}

// Validate checks a secret's shape and checksum. The error never repeats the
// secret.
func Validate(secret string) error {
	if len(secret) != secretLen || !strings.HasPrefix(secret, Scheme) {
		return fmt.Errorf("%w: a key is %d characters starting with %q", ErrMalformed, secretLen, Scheme)
	}
	body := secret[len(Scheme) : len(Scheme)+bodyLen]
	if _, err := encoding.DecodeString(body); err != nil {
		return fmt.Errorf("%w: unexpected characters", ErrMalformed)
	}
	if secret[len(Scheme)+bodyLen:] != checksum(body) {
		return fmt.Errorf("%w: checksum mismatch (mistyped or truncated?)", ErrMalformed)
	}
	return nil
}

// Hash returns the SHA-256 hash under which a secret is stored.
func Hash(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// Prefix returns the public part of a secret that lists show, enough to tell
// keys apart and nowhere near enough to guess the rest.
func Prefix(secret string) string {
	n := len(Scheme) + publicBodyLen
	if len(secret) < n {
		return Scheme
	}
	return secret[:n]
}

func checksum(body string) string {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], crc32.ChecksumIEEE([]byte(body)))
	return encoding.EncodeToString(b[:])
}
