//go:build automaxprocs

package variants

import _ "go.uber.org/automaxprocs"
