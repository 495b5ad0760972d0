package provider

import "os"

// QuietUnshownLogs turns off the SDK's and the provider's logs when
// Terraform (or OpenTofu) would drop them: it shows a provider's log lines
// only when TF_LOG_PROVIDER or TF_LOG sets a level, and passes its
// environment on to the provider. Left on, the SDK writes every trace line
// to Terraform, which parses each one before dropping it: about 60 KB of
// JSON per resource and command. The framework's and the protocol's
// subsystem loggers have levels of their own, which do not follow
// TF_LOG_SDK, and build each line's fields before they look at it, so they
// are turned off too. A level set for the SDK or for this provider still
// wins. The provider's main calls it before serving.
func QuietUnshownLogs() {
	if isSet("TF_LOG") || isSet("TF_LOG_PROVIDER") {
		return
	}
	turnOff("TF_LOG_PROVIDER_STATUSHUB")
	if !isSet("TF_LOG_SDK") {
		turnOff("TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO")
	}
}

func isSet(name string) bool { return os.Getenv(name) != "" }

// turnOff sets each variable that is not set to OFF.
func turnOff(names ...string) {
	for _, name := range names {
		if !isSet(name) {
			_ = os.Setenv(name, "OFF")
		}
	}
}
