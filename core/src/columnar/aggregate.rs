//! Aggregates (filled in below).
