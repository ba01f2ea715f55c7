//! libFuzzer target: every wire API through `minzheng::call_json`. An input is `<api>\n<request>`
//! (or raw bytes, the API then picked by the first byte); see `minzheng_fuzz` for the checks.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    minzheng_fuzz::call_json_target(data);
});
