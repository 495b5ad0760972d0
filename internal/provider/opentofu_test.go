package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// skipOnOpenTofu skips a test when the CLI under test is OpenTofu, which
// lacks what the test needs: its versions do not follow Terraform's, so a
// version check alone cannot tell. lacks completes "OpenTofu 1.12.6 has
// ...", such as "no actions".
func skipOnOpenTofu(lacks string) tfversion.TerraformVersionCheck {
	return openTofuCheck{lacks: lacks}
}

type openTofuCheck struct {
	lacks string
}

func (c openTofuCheck) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	openTofu, err := cliIsOpenTofu()
	if err != nil {
		resp.Error = err
		return
	}
	if openTofu {
		resp.Skip = fmt.Sprintf("OpenTofu %s has %s", req.TerraformVersion, c.lacks)
	}
}

// cliIsOpenTofu asks the CLI in TF_ACC_TERRAFORM_PATH, once, what it is:
// OpenTofu's version output has a line "OpenTofu v1.12.6", after any
// warnings about its CLI configuration. Without that setting the test
// framework finds or installs Terraform.
var cliIsOpenTofu = sync.OnceValues(func() (bool, error) {
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		return false, nil
	}
	out, err := exec.Command(cli, "version").Output()
	if err != nil {
		return false, fmt.Errorf("asking %s for its version: %w", cli, err)
	}
	return strings.Contains("\n"+string(out), "\nOpenTofu v"), nil
})
