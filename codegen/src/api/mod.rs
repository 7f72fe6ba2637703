//! API snapshots of a service model and the classified diff of two of them (issue 8).
