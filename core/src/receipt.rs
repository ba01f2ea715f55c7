//! The receipt: engine version and hashes of the parameters and inputs used, so that a decision
//! can be reproduced years later.
//!
//! - `parameters_sha256`: SHA-256 of the distinct parameter values used, one line each
//!   (`key|region|area|from|value|status`), sorted, each ended by a newline.
//! - `input_sha256`: SHA-256 of the request re-encoded as compact JSON by the engine (so the
//!   same request gives the same hash whatever its spacing or key order on the wire).

use sha2::{Digest, Sha256};

use crate::params::ParamRef;
use crate::wire::Receipt;

/// Engine version, from Cargo.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 0x0f] {
            out.push(char::from(
                DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    out
}

/// Builds the receipt from a decoded request (of any API) and the parameter values used.
pub fn receipt<T: serde::Serialize>(request: &T, used: &[ParamRef<'_>]) -> Receipt {
    // Into bytes with the same JSON writer the results use (a writer of its own would compile
    // every request type's serializer a second time into the WASM bundle). Serializing a decoded
    // request cannot fail (no maps with non-string keys).
    receipt_of(&serde_json::to_vec(request).unwrap_or_default(), used)
}

/// [`receipt`] of a request already serialized (`canonical`): the part compiled once.
fn receipt_of(canonical: &[u8], used: &[ParamRef<'_>]) -> Receipt {
    let mut lines: Vec<String> = used
        .iter()
        .map(|p| {
            format!(
                "{}|{}|{:?}|{}|{}|{:?}",
                p.parameter.key,
                p.value.region,
                p.value.area,
                p.value.from,
                p.value.value,
                p.value.status
            )
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let mut params = Sha256::new();
    for line in &lines {
        params.update(line.as_bytes());
        params.update(b"\n");
    }
    let input = Sha256::digest(canonical);
    Receipt {
        engine: "minzheng".to_string(),
        engine_version: ENGINE_VERSION.to_string(),
        parameters_sha256: hex(&params.finalize()),
        input_sha256: hex(&input),
    }
}
