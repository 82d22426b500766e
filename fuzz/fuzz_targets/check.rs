//! Text to report, as the page and the CLI do it: every check, the effective view, and the offer
//! estimate of a valid configuration, through the one check library, under every supported
//! dstack release. Any panic is a finding.
#![no_main]

use dstack_check::{DstackVersion, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for version in DstackVersion::SUPPORTED {
        dstack_check::check_bytes(
            data,
            &Options::default().with_version(version).with_effective(true).with_offers(true),
        );
    }
});
