package serve

import (
	"crypto/tls"
	"errors"
	"log"
	"net"
	"net/http"
	"os"
)

// startTLS serves the same handler over HTTPS on TLS_PORT beside the plain
// listener, when TLS_PORT, TLS_CERT_FILE and TLS_KEY_FILE are all set (for
// load over TLS, as serverless endpoints take it). HTTP/1.1 only, as wrk and
// gosweep's load generator speak it. Returns nil when TLS is not asked for.
func startTLS(name string, h http.Handler) *http.Server {
	port, cert, key := os.Getenv("TLS_PORT"), os.Getenv("TLS_CERT_FILE"), os.Getenv("TLS_KEY_FILE")
	if port == "" {
		return nil
	}
	if cert == "" || key == "" {
		log.Fatalf("%s: TLS_PORT needs TLS_CERT_FILE and TLS_KEY_FILE", name)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(os.Getenv("HOST"), port))
	if err != nil {
		log.Fatalf("%s: cannot listen on TLS port %s: %v", name, port, err)
	}
	srv := &http.Server{Handler: h, TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){}}
	go func() {
		if err := srv.ServeTLS(ln, cert, key); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatalf("%s: %v", name, err)
		}
	}()
	return srv
}
