//! English month names, as pages show them.

/// `March` for 3: chrono's English month names.
pub fn month_name(month: u32) -> &'static str {
    let m = u8::try_from(month)
        .ok()
        .and_then(|m| chrono::Month::try_from(m).ok());
    m.expect("a month is 1 to 12").name()
}
