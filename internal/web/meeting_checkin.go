package web

import "time"

// checkinLead is how long before the start the check-in code opens.
const checkinLead = 30 * time.Minute
