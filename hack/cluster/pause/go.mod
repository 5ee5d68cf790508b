module dev.orderly/hack/cluster/pause

go 1.26.0
