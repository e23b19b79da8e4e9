// init-heavy does expensive work at start (claim C7): INIT_CPU_ITERS hash
// rounds and an INIT_WAIT_MS wait, as for loading secrets over the network.
// INIT_MODE=eager (default) does it during package initialisation, so every
// cold start pays it; INIT_MODE=lazy defers it with sync.OnceValue to the
// first request that needs it.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"sync"
	"time"

	"gosweep/workloads/internal/serve"
	"gosweep/workloads/internal/work"
)

var (
	initIters = serve.EnvInt("INIT_CPU_ITERS", 20000)
	initWait  = time.Duration(serve.EnvInt("INIT_WAIT_MS", 50)) * time.Millisecond
	mode      = os.Getenv("INIT_MODE")
)

// config stands for what the expensive initialisation produces.
type config struct{ digest [32]byte }

func loadConfig() config {
	time.Sleep(initWait)
	return config{work.Burn(initIters)}
}

var (
	eager     config
	lazyValue = sync.OnceValue(loadConfig)
)

func init() {
	switch mode {
	case "", "eager":
		eager = loadConfig()
	case "lazy":
	default:
		log.Fatalf("INIT_MODE=%q: want eager or lazy", mode)
	}
}

func current() config {
	if mode == "lazy" {
		return lazyValue()
	}
	return eager
}

func handler(w http.ResponseWriter, _ *http.Request) {
	digest := current().digest
	fmt.Fprintf(w, "%x\n", digest[:4])
}

func main() { serve.Run("init-heavy", http.HandlerFunc(handler)) }
