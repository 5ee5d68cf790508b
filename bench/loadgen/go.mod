module dev.orderly/bench/loadgen

go 1.26.0
