package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Namespace is the provider's namespace on the Terraform and OpenTofu
// registries, and Address its full source address, which its main, the
// bench and the bench's plugin floor serve it under.
const (
	Namespace = "statushub-community"
	Address   = "registry.terraform.io/" + Namespace + "/statushub"
)

// NewServer returns the provider as the protocol 6 server that the
// provider's main serves and the acceptance tests run: the framework's
// server, with two of its costs per request taken off (see server).
func NewServer(version string) func() tfprotov6.ProviderServer {
	return serverOf(New(version))
}

// serverOf wraps the framework's server of the provider that newProvider
// makes.
func serverOf(newProvider func() provider.Provider) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		framework, ok := providerserver.NewProtocol6(newProvider())().(frameworkServer)
		if !ok {
			// TestServerOffersEveryMethodOfTheFrameworks fails first.
			panic("the framework's protocol 6 server lacks an interface that frameworkServer names")
		}
		return &server{frameworkServer: framework}
	}
}

// frameworkServer is everything the framework's protocol 6 server offers:
// the provider protocol, and the optional ones in which tf6server finds
// list resources, actions and state stores (it asks for them by type
// assertion). server forwards all of it, so that a list resource or an
// action added to the provider is served;
// TestServerOffersEveryMethodOfTheFrameworks fails when a framework release
// offers a method that this interface lacks.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// server is the provider's protocol 6 server: the framework's, with two of
// its costs per request taken off. It answers UpgradeResourceState itself
// when there is nothing to upgrade (see state_passthrough.go), and hands
// the framework contexts that let go of each request's values once it is
// answered (see request_context.go). Every other request goes to the
// framework as it is.
type server struct {
	frameworkServer

	shapesOnce sync.Once
	shapes     map[string]stateShape // by resource type; nil if the schema could not be read
}

// The requests Terraform makes per resource, data source or function call.

func (s *server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return detached(ctx, req, s.frameworkServer.ValidateResourceConfig)
}

func (s *server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return detached(ctx, req, s.frameworkServer.ReadResource)
}

func (s *server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return detached(ctx, req, s.frameworkServer.PlanResourceChange)
}

func (s *server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return detached(ctx, req, s.frameworkServer.ApplyResourceChange)
}

func (s *server) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return detached(ctx, req, s.frameworkServer.ImportResourceState)
}

func (s *server) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return detached(ctx, req, s.frameworkServer.ValidateDataResourceConfig)
}

func (s *server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return detached(ctx, req, s.frameworkServer.ReadDataSource)
}

func (s *server) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return detached(ctx, req, s.frameworkServer.CallFunction)
}
