//! libFuzzer target: parameter overrides, through the reform entry
//! `minzheng::reform::calculate_reform_json` (`{"request": {…}, "reform": {…}}`); see
//! `minzheng_fuzz` for the checks.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    minzheng_fuzz::reform_target(data);
});
