//go:build unix

package web

import (
	"syscall"
	"time"
)

// cpuTime is the processor time this process has used, user and system:
// on a machine shared with other work, a benchmark's wall time says more
// about the neighbours than about the code.
func cpuTime() time.Duration {
	var r syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &r) != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
