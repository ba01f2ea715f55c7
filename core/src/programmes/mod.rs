//! One module per programme. Each reads like the rule it implements and cites it.

pub mod dibao;
pub mod income;
