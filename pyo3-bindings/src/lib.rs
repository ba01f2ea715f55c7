//! Python binding (placeholder until the shim lands).
