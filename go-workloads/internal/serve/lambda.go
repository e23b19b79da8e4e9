//go:build lambda

package serve

import (
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"gosweep/info"
)

// lambdaMode tells whether AWS Lambda runs this process: it sets the Runtime API's address.
func lambdaMode() bool { return os.Getenv("AWS_LAMBDA_RUNTIME_API") != "" }

// runLambda serves h to the Function URL invocations of the Runtime API. It
// does not return.
func runLambda(name string, h http.Handler) {
	info.Listening(name, nil)
	lambda.Start(funcURL{h})
}
