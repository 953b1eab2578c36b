//! What the CLI's benches share: running the `mestring` binary as a child and reading its own peak memory.

/// Waits for the child `pid`; its exit status and its own resource usage (`wait4`).
pub fn wait_with_usage(pid: u32) -> (i32, libc::rusage) {
    let mut status = 0;
    // SAFETY: `wait4` writes the status and the usage it is given, for a child of this process.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        let waited = libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage);
        assert_eq!(waited, pid as libc::pid_t, "wait4 failed");
        usage
    };
    (status, usage)
}
