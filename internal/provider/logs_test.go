package provider

import (
	"os"
	"testing"
)

func TestQuietUnshownLogs(t *testing.T) {
	const off = "OFF"
	allOff := map[string]string{
		"TF_LOG_SDK": off, "TF_LOG_SDK_FRAMEWORK": off, "TF_LOG_SDK_PROTO": off, "TF_LOG_PROVIDER_STATUSHUB": off,
	}
	untouched := map[string]string{
		"TF_LOG_SDK": "", "TF_LOG_SDK_FRAMEWORK": "", "TF_LOG_SDK_PROTO": "", "TF_LOG_PROVIDER_STATUSHUB": "",
	}
	cases := []struct {
		name string
		env  map[string]string // the variables set; every other one of the test is unset
		want map[string]string // "" unset
	}{
		{name: "Terraform shows no provider logs", want: allOff},
		{name: "TF_LOG shows them", env: map[string]string{"TF_LOG": "DEBUG"}, want: untouched},
		{name: "TF_LOG_PROVIDER shows them", env: map[string]string{"TF_LOG_PROVIDER": "TRACE"}, want: untouched},
		{
			name: "a level set for the SDK wins, for its subsystems too",
			env:  map[string]string{"TF_LOG_SDK": "TRACE"},
			want: map[string]string{"TF_LOG_SDK": "TRACE", "TF_LOG_SDK_FRAMEWORK": "", "TF_LOG_SDK_PROTO": "", "TF_LOG_PROVIDER_STATUSHUB": off},
		},
		{
			name: "a level set for a subsystem wins",
			env:  map[string]string{"TF_LOG_SDK_FRAMEWORK": "DEBUG"},
			want: map[string]string{"TF_LOG_SDK": off, "TF_LOG_SDK_FRAMEWORK": "DEBUG", "TF_LOG_SDK_PROTO": off, "TF_LOG_PROVIDER_STATUSHUB": off},
		},
		{
			name: "a level set for this provider wins",
			env:  map[string]string{"TF_LOG_PROVIDER_STATUSHUB": "INFO"},
			want: map[string]string{"TF_LOG_SDK": off, "TF_LOG_SDK_FRAMEWORK": off, "TF_LOG_SDK_PROTO": off, "TF_LOG_PROVIDER_STATUSHUB": "INFO"},
		},
	}
	variables := []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO", "TF_LOG_PROVIDER_STATUSHUB"}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, name := range variables {
				t.Setenv(name, tc.env[name]) // restores the variable after the test
				if tc.env[name] == "" {
					os.Unsetenv(name)
				}
			}
			QuietUnshownLogs()
			for name, want := range tc.want {
				if got := os.Getenv(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}
