package info

import (
	"fmt"
	"net"
	"strings"
	"testing"
)

func TestWriteLine(t *testing.T) {
	defer mainAt.Store(0)
	defer listeningAt.Store(0)
	mainAt.Store(20)
	listeningAt.Store(30)
	s := start.UnixNano()
	tests := []struct {
		name string
		addr net.Addr
		want string
	}{
		{"listener", &net.TCPAddr{IP: net.IPv6zero, Port: 8080},
			fmt.Sprintf(`{"addr":"[::]:8080","listeningUnixNano":30,"mainUnixNano":20,"msg":"listening","startUnixNano":%d,"workload":"hello"}`+"\n", s)},
		{"lambda", nil,
			fmt.Sprintf(`{"listeningUnixNano":30,"mainUnixNano":20,"msg":"lambda","startUnixNano":%d,"workload":"hello"}`+"\n", s)},
	}
	for _, tc := range tests {
		var b strings.Builder
		writeLine(&b, "hello", tc.addr)
		if b.String() != tc.want {
			t.Errorf("%s: line = %s, want %s", tc.name, b.String(), tc.want)
		}
	}
}

func TestListeningRecordsTime(t *testing.T) {
	defer listeningAt.Store(0)
	Listening("test", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1})
	if got := Read().ListeningUnixNano; got < start.UnixNano() {
		t.Errorf("listeningUnixNano = %d, want at or after start %d", got, start.UnixNano())
	}
}
