//! Text to report, as the page and the CLI do it: every check, the effective view, and the offer
//! estimate of a valid configuration. Any panic is a finding.
#![no_main]

use dstack_core::Options;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = dstack_core::check_bytes(data, &Options { effective: true });
    if report.is_valid()
        && let Some(normalized) = &report.normalized
    {
        dstack_offers::estimate(normalized, dstack_offers::Catalog::bundled());
    }
});
