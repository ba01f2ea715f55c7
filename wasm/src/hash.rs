//! The cheap string hash of the result builders' string caches (src/object.rs, and the
//! Node build's src/tape.rs).

/// FxHash's multiplier: a cheap hash in WebAssembly, good enough to spread the engine's own
/// strings over the slots (a collision costs one decoding, nothing else).
pub(crate) const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// A hash of a string's length and of up to 32 of its bytes (the first 16, the middle 8 and the
/// last 8): the strings of a result differ there, and a collision only costs a decoding (the
/// cache compares the whole text before it answers).
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let mut h = (n as u64).wrapping_mul(K);
    if n < 8 {
        for &b in bytes {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        return h;
    }
    for at in [0, n / 2 - 4, n - 8]
        .into_iter()
        .chain((n > 16).then_some(8))
    {
        if let Some(word) = bytes
            .get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
        {
            h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
    }
    h
}

/// The slot of hash `h` among `slots` (a power of two): the hash's high bits.
pub(crate) fn slot(h: u64, slots: usize) -> usize {
    (h >> 40) as usize & (slots - 1)
}
