package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
)

// checkKeyFile refuses a key file path that writeKeyFile would refuse, so
// that the mistake shows before anything changes. A missing file is fine.
func checkKeyFile(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("--bootstrap-key-file: %w", err)
	}
	return checkPrivate(path, fi)
}

// writeKeyFile writes secret, without a trailing newline (so that Terraform's
// file() gives the key as it is), to a file that only its owner can read.
// An existing file is overwritten only if it is already that private: a key
// must never land in a file that others can read.
func writeKeyFile(path, secret string) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("--bootstrap-key-file: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("--bootstrap-key-file: %w", cerr)
		}
	}()
	// Check the file that is open, not the path: it may have changed since checkKeyFile.
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("--bootstrap-key-file: %w", err)
	}
	if err := checkPrivate(path, fi); err != nil {
		return err
	}
	if err := f.Truncate(0); err != nil {
		return fmt.Errorf("--bootstrap-key-file: %w", err)
	}
	if _, err := f.WriteString(secret); err != nil {
		return fmt.Errorf("--bootstrap-key-file: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("--bootstrap-key-file: %w", err)
	}
	return nil
}

func checkPrivate(path string, fi fs.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("--bootstrap-key-file: %s is not a regular file", path)
	}
	// Windows has no such mode bits: Go reports 0666 for every writable file.
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("--bootstrap-key-file: refusing to write the key into %s, whose mode %v lets other users read it: remove the file or make it private (chmod 600)",
			path, fi.Mode().Perm())
	}
	return nil
}
