package provider

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type markerKey struct{}

func TestDetach(t *testing.T) {
	t.Run("the request's values until release, then none", func(t *testing.T) {
		ctx := context.WithValue(context.Background(), markerKey{}, "request")
		detached, release := detach(ctx)
		if got := detached.Value(markerKey{}); got != "request" {
			t.Fatalf("before release: Value = %v, want the request's", got)
		}
		derived, cancelDerived := context.WithCancel(detached) // as the framework keeps one
		defer cancelDerived()
		release()
		if got := detached.Value(markerKey{}); got != nil {
			t.Errorf("after release: Value = %v, want nil", got)
		}
		if got := derived.Value(markerKey{}); got != nil {
			t.Errorf("after release, through a derived context: Value = %v, want nil", got)
		}
		if derived.Err() == nil {
			t.Error("after release, a derived context is not cancelled")
		}
	})

	t.Run("cancelled with the request", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		detached, release := detach(ctx)
		defer release()
		derived, cancelDerived := context.WithCancel(detached)
		defer cancelDerived()
		cancel()
		select {
		case <-derived.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("cancelling the request does not cancel the detached context")
		}
	})

	t.Run("the request's deadline", func(t *testing.T) {
		deadline := time.Now().Add(time.Hour)
		ctx, cancel := context.WithDeadline(context.Background(), deadline)
		defer cancel()
		detached, release := detach(ctx)
		defer release()
		if got, ok := detached.Deadline(); !ok || !got.Equal(deadline) {
			t.Errorf("Deadline = %s, %t; want %s", got, ok, deadline)
		}
	})
}

// recordingServer stands in for the framework's server and records what a
// request's context held during the request.
type recordingServer struct {
	frameworkServer
	ctx    context.Context
	during any
}

func record[Resp any](ctx context.Context, r *recordingServer) (*Resp, error) {
	r.ctx, r.during = ctx, ctx.Value(markerKey{})
	return new(Resp), nil
}

func (r *recordingServer) GetProviderSchema(context.Context, *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return &tfprotov6.GetProviderSchemaResponse{}, nil // no shapes: every state goes to the framework
}

func (r *recordingServer) UpgradeResourceState(ctx context.Context, _ *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return record[tfprotov6.UpgradeResourceStateResponse](ctx, r)
}

func (r *recordingServer) ValidateResourceConfig(ctx context.Context, _ *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return record[tfprotov6.ValidateResourceConfigResponse](ctx, r)
}

func (r *recordingServer) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return record[tfprotov6.ReadResourceResponse](ctx, r)
}

func (r *recordingServer) PlanResourceChange(ctx context.Context, _ *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return record[tfprotov6.PlanResourceChangeResponse](ctx, r)
}

func (r *recordingServer) ApplyResourceChange(ctx context.Context, _ *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return record[tfprotov6.ApplyResourceChangeResponse](ctx, r)
}

func (r *recordingServer) ImportResourceState(ctx context.Context, _ *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return record[tfprotov6.ImportResourceStateResponse](ctx, r)
}

func (r *recordingServer) ValidateDataResourceConfig(ctx context.Context, _ *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return record[tfprotov6.ValidateDataResourceConfigResponse](ctx, r)
}

func (r *recordingServer) ReadDataSource(ctx context.Context, _ *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return record[tfprotov6.ReadDataSourceResponse](ctx, r)
}

func (r *recordingServer) CallFunction(ctx context.Context, _ *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return record[tfprotov6.CallFunctionResponse](ctx, r)
}

// Every request Terraform makes per resource, data source or function call
// reaches the framework with a context that holds the request's values
// while it runs, and lets go of them once it is answered.
func TestServerDetachesRequestContexts(t *testing.T) {
	requests := map[string]func(context.Context, *server) error{
		"UpgradeResourceState": func(ctx context.Context, s *server) error {
			_, err := s.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{RawState: &tfprotov6.RawState{JSON: []byte(`{}`)}})
			return err
		},
		"ValidateResourceConfig": func(ctx context.Context, s *server) error {
			_, err := s.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{})
			return err
		},
		"ReadResource": func(ctx context.Context, s *server) error {
			_, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{})
			return err
		},
		"PlanResourceChange": func(ctx context.Context, s *server) error {
			_, err := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{})
			return err
		},
		"ApplyResourceChange": func(ctx context.Context, s *server) error {
			_, err := s.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{})
			return err
		},
		"ImportResourceState": func(ctx context.Context, s *server) error {
			_, err := s.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{})
			return err
		},
		"ValidateDataResourceConfig": func(ctx context.Context, s *server) error {
			_, err := s.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{})
			return err
		},
		"ReadDataSource": func(ctx context.Context, s *server) error {
			_, err := s.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{})
			return err
		},
		"CallFunction": func(ctx context.Context, s *server) error {
			_, err := s.CallFunction(ctx, &tfprotov6.CallFunctionRequest{})
			return err
		},
	}
	for name, request := range requests {
		t.Run(name, func(t *testing.T) {
			framework := &recordingServer{}
			ctx := context.WithValue(context.Background(), markerKey{}, "request")
			if err := request(ctx, &server{frameworkServer: framework}); err != nil {
				t.Fatal(err)
			}
			if framework.during != "request" {
				t.Errorf("during the request: Value = %v, want the request's", framework.during)
			}
			if got := framework.ctx.Value(markerKey{}); got != nil {
				t.Errorf("after the request: Value = %v, want nil", got)
			}
		})
	}
}

// The work-around in request_context.go exists because the framework's
// server keeps the cancel function of every request in its contextCancels
// field until StopProvider. This fails when a framework release stops doing
// so, or keeps them elsewhere: then see whether the work-around is still
// needed (make bench, plan at 3000 objects, the provider's memory).
func TestFrameworkStillKeepsRequestContexts(t *testing.T) {
	framework := providerserver.NewProtocol6(New("test")())()
	kept := func() int {
		field := reflect.ValueOf(framework).Elem().FieldByName("contextCancels")
		if !field.IsValid() || field.Kind() != reflect.Slice {
			t.Fatalf("the framework's server (%T) has no contextCancels slice any more", framework)
		}
		return field.Len()
	}
	before := kept()
	if _, err := framework.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{TypeName: "statushub_hub"}); err != nil {
		t.Fatal(err)
	}
	if after := kept(); after != before+1 {
		t.Errorf("the framework kept %d request contexts after one request, want %d: it no longer keeps each one", after, before+1)
	}
}
