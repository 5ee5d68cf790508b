// coredns is a minimal CoreDNS for hack/cluster.sh's cluster DNS: upstream's coremain with only
// the plugins a kubeadm-style Corefile uses (plus hosts and bind), instead of all of
// core/plugin's (no cloud DNS back ends, no etcd, no DNSSEC signing, no grpc/quic/https servers).
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	// The plugins we chose.
	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/forward"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/hosts"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/loop"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/reload"

	// Compiled in anyway, because the plugins above import them: debug and dnstap (forward),
	// metadata (cache, forward, kubernetes, log), prometheus (cache), transfer (kubernetes).
	// Named here and in directives so that what `coredns -plugins` lists can be used.
	_ "github.com/coredns/coredns/plugin/debug"
	_ "github.com/coredns/coredns/plugin/dnstap"
	_ "github.com/coredns/coredns/plugin/metadata"
	_ "github.com/coredns/coredns/plugin/metrics"
	_ "github.com/coredns/coredns/plugin/transfer"
)

// directives are the plugins above in the order of upstream's core/dnsserver/zdirectives.go
// (the order a query passes them, whatever the order in the Corefile). A Corefile naming any
// other plugin is refused with "Unknown directive".
var directives = []string{
	"metadata",
	"reload",
	"bind",
	"debug",
	"ready",
	"health",
	"prometheus",
	"errors",
	"log",
	"dnstap",
	"loadbalance",
	"cache",
	"transfer",
	"hosts",
	"kubernetes",
	"loop",
	"forward",
}

func main() {
	dnsserver.Directives = directives
	coremain.Run()
}
