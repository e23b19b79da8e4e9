package main

import (
	"cmp"
	"strconv"
	"strings"
)

// requestBytes is the one request every connection sends. A GET with no
// extra headers is the same bytes wrk sends.
func requestBytes(o Options) []byte {
	method := cmp.Or(o.Method, "GET")
	b := []byte(method + " " + o.Path + " HTTP/1.1\r\nHost: " + o.Host + "\r\n")
	for _, h := range o.Headers {
		b = append(append(b, h...), "\r\n"...)
	}
	if len(o.Body) > 0 || method == "POST" || method == "PUT" || method == "PATCH" {
		b = append(strconv.AppendInt(append(b, "Content-Length: "...), int64(len(o.Body)), 10), "\r\n"...)
	}
	return append(append(b, "\r\n"...), o.Body...)
}

// isToken says whether s is an HTTP token, as a method or header name must be.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		isAlnum := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		if !isAlnum && strings.IndexByte("!#$%&'*+-.^_`|~", c) < 0 {
			return false
		}
	}
	return true
}
