module gotrace.local/bench

// Standard library only. The oldest toolchain that builds these programs is
// Go 1.25 (the annotations kind is recorded with it; tools/bench/make-trace.sh).
go 1.25
