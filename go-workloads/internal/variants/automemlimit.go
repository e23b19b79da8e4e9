//go:build automemlimit

package variants

import _ "github.com/KimMachineGun/automemlimit"
