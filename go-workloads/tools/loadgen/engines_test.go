package main

// engines lists every engine this system can run, so each is held to the same tests.
var engines = map[string]func(Options) Result{"goroutines": runGoroutines}
