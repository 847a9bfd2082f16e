#![no_main]
//! Any bytes: format detection must not panic and must be stable under appended bytes past
//! the window it reads.

use gongkai::backend::sniff;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let format = sniff(data);
    let mut longer = data.to_vec();
    longer.resize(data.len().max(1024) + 16, b'x');
    if data.len() >= 1024 {
        assert_eq!(sniff(&longer), format);
    }
});
