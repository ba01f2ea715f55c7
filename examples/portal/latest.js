// Generated from core/parameters/ by `cargo run -p minzheng-examples --bin figures`; do not edit.
// The earliest expiry among the sources of the figures in force at the end of the data:
// the page's date defaults to the day before it (the latest date with current figures).
export const LATEST = {"expires":"2026-06-01","in_force":"2025-06-01","number":"穗民规字〔2025〕2号","source":"GZ-2025-STD","title":"关于印发我市2025年最低生活保障及相关社会救助标准的通知"};
