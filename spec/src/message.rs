//! Messages meant to be read one per line (a drift, a lake difference): nothing a name or a
//! value holds can break the line.

/// `text` with every control character escaped (`\n`, `\r`, `\t`, `\u{…}`): a message is one
/// line, whatever names, comments or defaults a database holds, so no value can print a line
/// that reads as another difference.
///
/// ```
/// assert_eq!(duckspec_spec::one_line("a\nb\tc"), "a\\nb\\tc");
/// ```
pub fn one_line(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\n' => "\\n".to_string(),
            '\r' => "\\r".to_string(),
            '\t' => "\\t".to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}
