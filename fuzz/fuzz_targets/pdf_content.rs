#![no_main]
//! Any bytes as a content stream: the vendored pdf-extract's decoder (content.rs) must not
//! panic and must give what lopdf's `Content::decode` gives, whenever lopdf does not panic
//! itself (an inline image without a colour space, or overflowing lengths in a debug build).

use std::panic::{AssertUnwindSafe, catch_unwind};

use libfuzzer_sys::fuzz_target;
use lopdf::content::Content;

fuzz_target!(|data: &[u8]| {
    let ours = pdf_extract::content_decode(data);
    let Ok(theirs) = catch_unwind(AssertUnwindSafe(|| Content::decode(data))) else {
        return;
    };
    match (ours, theirs) {
        // Debug renders reals, names and strings lossily; the operation count and the operators
        // are exact, and tests/pdf_content.rs compares values exactly on what this finds.
        (Ok(a), Ok(b)) => {
            assert_eq!(a.operations.len(), b.operations.len());
            for (x, y) in a.operations.iter().zip(&b.operations) {
                assert_eq!(x.operator, y.operator);
                assert_eq!(x.operands, y.operands);
                assert_eq!(format!("{:?}", x.operands), format!("{:?}", y.operands));
            }
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("ours {:?}, lopdf {:?}", a.map(|c| c.operations.len()), b.map(|c| c.operations.len())),
    }
});
