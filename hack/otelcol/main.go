// Command otelcol is a minimal OpenTelemetry Collector for the integration tests that need a real
// OTLP receiver: the `otlp` receiver (gRPC and HTTP), the `file` exporter (OTLP JSON lines the
// tests read back) and the `debug` exporter (prints what arrived, for troubleshooting). No
// processor: the tests want every span written as it arrives, not batched.
//
// It is what the OpenTelemetry Collector Builder (ocb) generates for that manifest, written by
// hand in one file so the build needs nothing but `go build` (hack/lib/otelcol.sh). All collector
// modules stay at one release, v0.161.0 (stable modules v1.67.0): at v0.165.1 the file exporter
// fails `go mod tidy`, a module its tests import not being on the proxy. A component added here
// must come from the same release.
package main

import (
	"log"

	"github.com/open-telemetry/opentelemetry-collector-contrib/exporter/fileexporter"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/provider/envprovider"
	"go.opentelemetry.io/collector/confmap/provider/fileprovider"
	"go.opentelemetry.io/collector/exporter/debugexporter"
	"go.opentelemetry.io/collector/otelcol"
	"go.opentelemetry.io/collector/receiver/otlpreceiver"
	"go.opentelemetry.io/collector/service/telemetry/otelconftelemetry"
)

func components() (otelcol.Factories, error) {
	var factories otelcol.Factories
	var err error
	if factories.Receivers, err = otelcol.MakeFactoryMap(otlpreceiver.NewFactory()); err != nil {
		return otelcol.Factories{}, err
	}
	if factories.Exporters, err = otelcol.MakeFactoryMap(fileexporter.NewFactory(), debugexporter.NewFactory()); err != nil {
		return otelcol.Factories{}, err
	}
	// The service refuses to start without a factory for its own logs, metrics and traces (the
	// `service::telemetry` section); this is the one every ocb build uses.
	factories.Telemetry = otelconftelemetry.NewFactory()
	return factories, nil
}

func main() {
	settings := otelcol.CollectorSettings{
		BuildInfo: component.BuildInfo{
			Command:     "otelcol",
			Description: "Orderly's minimal OpenTelemetry Collector for integration tests",
			Version:     "0.161.0-orderly", // the collector release in go.mod
		},
		Factories: components,
		ConfigProviderSettings: otelcol.ConfigProviderSettings{
			ResolverSettings: confmap.ResolverSettings{
				// `--config file:PATH` (or a bare path); `${env:VAR}` and `${VAR}` inside it.
				ProviderFactories: []confmap.ProviderFactory{fileprovider.NewFactory(), envprovider.NewFactory()},
				DefaultScheme:     "env",
			},
		},
	}
	// NewCommand gives the usual flags (--config, --set, --feature-gates) and subcommands
	// (validate, components); the collector stops cleanly on SIGINT and SIGTERM.
	if err := otelcol.NewCommand(settings).Execute(); err != nil {
		log.Fatal(err)
	}
}
