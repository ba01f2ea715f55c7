//! The receipt: engine version and hashes of the parameters and inputs used, so that a decision
//! can be reproduced years later.

use sha2::{Digest, Sha256};

use crate::params::ParamRef;
use crate::wire::Receipt;

/// Engine version, from Cargo.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Builds the receipt from a decoded request (of any API) and the parameter values used.
pub fn receipt<T: serde::Serialize>(request: &T, used: &[ParamRef<'_>]) -> Receipt {
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
    lines.sort();
    lines.dedup();
    let mut params = Sha256::new();
    for line in &lines {
        params.update(line.as_bytes());
        params.update(b"\n");
    }
    let canonical = serde_json::to_string(request).unwrap_or_default();
    Receipt {
        engine: "minzheng".to_string(),
        engine_version: ENGINE_VERSION.to_string(),
        parameters_sha256: hex(&params.finalize()),
        input_sha256: hex(&Sha256::digest(canonical.as_bytes())),
    }
}
