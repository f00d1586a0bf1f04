//! CPU time of the whole process, to tell the work a batch did from the time it waited.
//!
//! On a machine shared with other jobs a multi-thread batch may wait for a core: its wall
//! time then says how busy the machine was, not what the threads cost. The CPU time all the
//! process's threads spent during the batch does not include that wait, so the harness records
//! it next to the wall time, and the report derives from it the throughput the threads would
//! reach with a core each (see [`Outcome::cpu_throughput`](super::Outcome::cpu_throughput)).

/// CPU nanoseconds all threads of this process have used so far, or `None` where the clock is
/// not available.
pub fn process_cpu_ns() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut now = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `now` is a valid, writable `timespec`; the call writes only into it.
        let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
        if status != 0 {
            return None;
        }
        let secs = u64::try_from(now.tv_sec).ok()?;
        let nanos = u64::try_from(now.tv_nsec).ok()?;
        Some(secs * 1_000_000_000 + nanos)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_advances_with_work() {
        let Some(before) = process_cpu_ns() else {
            return;
        };
        let mut x = 0u64;
        for i in 0..10_000_000u64 {
            x = std::hint::black_box(x.wrapping_add(i));
        }
        assert!(process_cpu_ns().unwrap() > before);
    }
}
