//go:build lambda

package serve

import (
	"encoding/json"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
)

// lambdaMode tells whether AWS Lambda runs this process: it sets the Runtime API's address.
func lambdaMode() bool { return os.Getenv("AWS_LAMBDA_RUNTIME_API") != "" }

// runLambda serves h to the Function URL invocations of the Runtime API. It
// does not return.
func runLambda(name string, h http.Handler) {
	listeningAt = time.Now()
	json.NewEncoder(os.Stdout).Encode(startLine("lambda", name))
	lambda.Start(funcURL{h})
}
