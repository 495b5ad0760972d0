package main

import (
	"os"
	"testing"
)

func TestQuietUnshownLogs(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string // "" unsets
		want map[string]string // "" unset
	}{
		{
			name: "Terraform shows no provider logs",
			env:  map[string]string{"TF_LOG": "", "TF_LOG_PROVIDER": "", "TF_LOG_SDK": "", "TF_LOG_PROVIDER_STATUSHUB": ""},
			want: map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_PROVIDER_STATUSHUB": "OFF"},
		},
		{
			name: "TF_LOG shows them",
			env:  map[string]string{"TF_LOG": "DEBUG", "TF_LOG_PROVIDER": "", "TF_LOG_SDK": "", "TF_LOG_PROVIDER_STATUSHUB": ""},
			want: map[string]string{"TF_LOG_SDK": "", "TF_LOG_PROVIDER_STATUSHUB": ""},
		},
		{
			name: "TF_LOG_PROVIDER shows them",
			env:  map[string]string{"TF_LOG": "", "TF_LOG_PROVIDER": "TRACE", "TF_LOG_SDK": "", "TF_LOG_PROVIDER_STATUSHUB": ""},
			want: map[string]string{"TF_LOG_SDK": "", "TF_LOG_PROVIDER_STATUSHUB": ""},
		},
		{
			name: "a level set for the SDK wins",
			env:  map[string]string{"TF_LOG": "", "TF_LOG_PROVIDER": "", "TF_LOG_SDK": "TRACE", "TF_LOG_PROVIDER_STATUSHUB": ""},
			want: map[string]string{"TF_LOG_SDK": "TRACE", "TF_LOG_PROVIDER_STATUSHUB": "OFF"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for name, value := range tc.env {
				t.Setenv(name, value) // restores the variable after the test
				if value == "" {
					os.Unsetenv(name)
				}
			}
			quietUnshownLogs()
			for name, want := range tc.want {
				if got := os.Getenv(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}
