// Command kwok wraps sigs.k8s.io/kwok: it fakes kubelets, so pods bound to
// its nodes become Running and Ready without containers.
//
// One addition of ours: `kwok default-stages` prints kwok's own built-in
// "fast" stages (node initialize + heartbeat with lease, pod ready/complete/
// delete) as a multi-document YAML, to be passed back with --config. A bare
// kwok controller otherwise refuses to start ("no stages found").
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/pflag"

	nodefast "sigs.k8s.io/kwok/kustomize/stage/node/fast"
	nodelease "sigs.k8s.io/kwok/kustomize/stage/node/heartbeat-with-lease"
	podfast "sigs.k8s.io/kwok/kustomize/stage/pod/fast"
	"sigs.k8s.io/kwok/pkg/config"
	"sigs.k8s.io/kwok/pkg/kwok/cmd"
	"sigs.k8s.io/kwok/pkg/log"
	"sigs.k8s.io/kwok/pkg/utils/signals"
)

func defaultStages() string {
	docs := []string{
		nodefast.DefaultNodeInit,
		nodelease.DefaultNodeHeartbeatWithLease,
		podfast.DefaultPodReady,
		podfast.DefaultPodComplete,
		podfast.DefaultPodDelete,
	}
	for i, d := range docs {
		docs[i] = strings.TrimSpace(d) + "\n"
	}
	return strings.Join(docs, "---\n")
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "default-stages" {
		fmt.Print(defaultStages())
		return
	}

	global := pflag.NewFlagSet("global", pflag.ContinueOnError)
	global.ParseErrorsAllowlist.UnknownFlags = true
	global.Usage = func() {}

	ctx := signals.SetupSignalContext()
	ctx, logger := log.InitFlags(ctx, global)
	ctx, err := config.InitFlags(ctx, global)
	if err != nil {
		_, _ = os.Stderr.WriteString(global.FlagUsages())
		logger.Error("init config flags", "err", err)
		os.Exit(1)
	}

	root := cmd.NewCommand(ctx)
	root.PersistentFlags().AddFlagSet(global)
	if err := root.ExecuteContext(ctx); err != nil {
		logger.Error("kwok exited", "err", err)
		os.Exit(1)
	}
}
