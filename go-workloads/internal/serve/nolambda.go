//go:build !lambda

package serve

import "net/http"

// lambdaMode is false: this binary was built without -tags lambda.
func lambdaMode() bool { return false }

func runLambda(string, http.Handler) {}
