//! `measure CMD ARGS...`: runs CMD, passes its stdout through, then prints `maxrss_kb=K wall_secs=S`:
//! the peak resident set of the largest process CMD ran (itself or a descendant it waited for,
//! e.g. rustc under cargo), from `getrusage(RUSAGE_CHILDREN)`, and the wall time.

use std::process::Command;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(program) = args.next() else {
        eprintln!("usage: measure CMD ARGS...");
        std::process::exit(2);
    };
    let start = Instant::now();
    let status = match Command::new(&program).args(args).status() {
        Ok(status) => status,
        Err(e) => {
            eprintln!("{program}: {e}");
            std::process::exit(2);
        }
    };
    let secs = start.elapsed().as_secs_f64();
    // SAFETY: getrusage fills the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    println!("maxrss_kb={} wall_secs={secs:.3}", usage.ru_maxrss);
    std::process::exit(status.code().unwrap_or(1));
}
