// Command registry serves an in-memory image registry on loopback, so a cold
// start can include the image pull, as on a serverless platform. It is the CNCF
// distribution registry with the one storage driver it needs.
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/distribution/distribution/v3/configuration"
	"github.com/distribution/distribution/v3/registry"
	_ "github.com/distribution/distribution/v3/registry/storage/driver/inmemory"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:5000", "address to listen on")
	flag.Parse()
	// No trace exporter: nothing listens for OpenTelemetry on this host.
	if os.Getenv("OTEL_TRACES_EXPORTER") == "" {
		os.Setenv("OTEL_TRACES_EXPORTER", "none")
	}

	config := &configuration.Configuration{Version: "0.1"}
	config.HTTP.Addr = *addr
	// One instance on loopback: the upload-state secret need not be shared or kept.
	config.HTTP.Secret = "gosweep-loopback"
	config.Storage = configuration.Storage{"inmemory": configuration.Parameters{}}
	config.Log.Level = "warn"
	config.Log.AccessLog.Disabled = true

	reg, err := registry.NewRegistry(context.Background(), config)
	if err != nil {
		log.Fatalf("registry: %v", err)
	}
	log.Fatal(reg.ListenAndServe())
}
