package info_test

import (
	"log"
	"net"
	"net/http"
	"os"

	"gosweep/info"
)

// A service that gives gosweep the info contract.
func Example() {
	info.Main()
	mux := http.NewServeMux()
	mux.Handle("GET /info", info.Handler())
	mux.HandleFunc("GET /", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("hello\n")) })
	ln, err := net.Listen("tcp", ":"+os.Getenv("PORT"))
	if err != nil {
		log.Fatal(err)
	}
	info.Listening("hello", ln.Addr())
	log.Fatal(http.Serve(ln, info.Middleware(mux)))
}
