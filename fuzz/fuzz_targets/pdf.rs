#![no_main]
//! Any bytes through the PDF backend in process (the parser runs under catch_unwind). What
//! catch_unwind cannot stop (a stack overflow, an endless loop, memory exhaustion) the command
//! line's worker process stops; run this with `-rss_limit_mb` and `-timeout` to find those.

use gongkai::backend::pdf;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = pdf::read(data);
});
