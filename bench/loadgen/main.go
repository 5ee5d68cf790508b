// Command loadgen places orders on the orders API for a bounded time, then stops: CONCURRENCY
// callers each place orders one after another (closed loop), or, with a RATE above 0, paced so
// that together they offer RATE orders per second (each caller on its own schedule; a late caller
// sends at once). Caller c sends the bearer token on line c % n of TOKENS_FILE. It prints the
// accepted and failed counts, and what the failures were; completion is measured from the orders
// database by bench/lib.sh.
//
// It replaces a JDK HttpClient load generator that took ~15 % of the two cores the platform runs
// on: Go's client costs a fraction of that, so the cores go to the platform being measured.
//
// Usage: loadgen BASE_URL SECONDS CONCURRENCY TOKENS_FILE PRODUCT_PREFIX PRODUCTS [RATE]
//
// With LOADGEN_CONNECT=HOST:PORT in the environment every connection goes to that address while
// the requests keep BASE_URL's host (curl's --resolve): an Ingress routes by the Host header, and
// its host need not resolve on the machine that sends the load.
package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	if len(os.Args) < 7 {
		fmt.Fprintln(os.Stderr, "usage: loadgen BASE_URL SECONDS CONCURRENCY TOKENS_FILE PRODUCT_PREFIX PRODUCTS [RATE]")
		os.Exit(2)
	}
	orders := strings.TrimRight(os.Args[1], "/") + "/orders"
	seconds := mustInt(os.Args[2])
	concurrency := mustInt(os.Args[3])
	tokens := readTokens(os.Args[4])
	prefix := os.Args[5]
	products := mustInt(os.Args[6])
	rate := 0.0
	if len(os.Args) > 7 {
		var err error
		if rate, err = strconv.ParseFloat(os.Args[7], 64); err != nil {
			fail("RATE: %v", err)
		}
	}
	var interval time.Duration
	if rate > 0 {
		interval = time.Duration(float64(concurrency) * float64(time.Second) / rate)
	}

	transport := &http.Transport{MaxIdleConns: concurrency, MaxIdleConnsPerHost: concurrency, DisableCompression: true}
	if connect := os.Getenv("LOADGEN_CONNECT"); connect != "" {
		var dialer net.Dialer
		transport.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, connect)
		}
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: transport}
	var accepted, failed atomic.Int64
	var failuresMu sync.Mutex
	failures := map[string]int{}
	start := time.Now()
	end := start.Add(time.Duration(seconds) * time.Second)
	var callers sync.WaitGroup
	for c := 0; c < concurrency; c++ {
		callers.Add(1)
		go func(caller int) {
			defer callers.Done()
			auth := "Bearer " + tokens[caller%len(tokens)]
			// Callers start spread over one interval so paced load is smooth.
			next := start.Add(interval * time.Duration(caller) / time.Duration(concurrency))
			for n := 0; time.Now().Before(end); n++ {
				if interval > 0 {
					time.Sleep(time.Until(next))
					next = next.Add(interval)
				}
				product := fmt.Sprintf("%s-%d", prefix, (caller+n)%products)
				body := `{"items":[{"productId":"` + product + `","quantity":1}]}`
				if reason := place(client, orders, auth, body); reason == "" {
					accepted.Add(1)
				} else {
					failed.Add(1)
					failuresMu.Lock()
					failures[reason]++
					failuresMu.Unlock()
				}
			}
		}(c)
	}
	callers.Wait()
	fmt.Printf("accepted=%d failed=%d seconds=%d%s\n", accepted.Load(), failed.Load(), seconds, describe(failures))
}

// describe lists the failures by kind, most frequent first ("" when there were none).
func describe(failures map[string]int) string {
	if len(failures) == 0 {
		return ""
	}
	kinds := make([]string, 0, len(failures))
	for kind := range failures {
		kinds = append(kinds, kind)
	}
	sort.Slice(kinds, func(i, j int) bool { return failures[kinds[i]] > failures[kinds[j]] })
	parts := make([]string, len(kinds))
	for i, kind := range kinds {
		parts[i] = fmt.Sprintf("%s x%d", kind, failures[kind])
	}
	return " (failures: " + strings.Join(parts, ", ") + ")"
}

// place POSTs one order; "" when the service accepted it (202), else what went wrong.
func place(client *http.Client, url, auth, body string) string {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewBufferString(body))
	if err != nil {
		return "request: " + err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", auth)
	resp, err := client.Do(req)
	if err != nil {
		if os.IsTimeout(err) {
			return "timeout"
		}
		// The last part only ("connection reset by peer"): the rest names ports, which differ each time.
		msg := err.Error()
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return "transport: " + msg
	}
	// Drained, so the connection goes back to the pool for the next order.
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		return "HTTP " + strconv.Itoa(resp.StatusCode)
	}
	return ""
}

func readTokens(path string) []string {
	f, err := os.Open(path)
	if err != nil {
		fail("%v", err)
	}
	defer f.Close()
	var tokens []string
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 64*1024), 1024*1024)
	for scanner.Scan() {
		if t := strings.TrimSpace(scanner.Text()); t != "" {
			tokens = append(tokens, t)
		}
	}
	if len(tokens) == 0 {
		fail("no tokens in %s", path)
	}
	return tokens
}

func mustInt(s string) int {
	v, err := strconv.Atoi(s)
	if err != nil || v <= 0 {
		fail("not a positive number: %q", s)
	}
	return v
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "loadgen: "+format+"\n", args...)
	os.Exit(2)
}
