//! SQL names as Rust names, and back: the one place that decides what a column's field, a table's
//! struct and an ENUM label's variant are called. The derives read names with these rules
//! (`JobMetric` → `job_metric`, `InProgress` → `in_progress`), `duckspec codegen` writes names
//! with them, and drift fixes suggest names with them, so the three always agree.

/// Words a Rust identifier cannot be without `r#` (strict and reserved keywords, 2021 edition,
/// and `gen`, reserved from 2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers either (`r#self` is an error).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// `JobMetric` → `job_metric`: the derive's default column name for a field and SQL label for an
/// enum variant.
///
/// ```
/// use duckspec_spec::names::snake_case;
/// assert_eq!(snake_case("JobMetric"), "job_metric");
/// assert_eq!(snake_case("InProgress"), "in_progress");
/// assert_eq!(snake_case("Device_Usage"), "device_usage");
/// ```
pub fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.char_indices() {
        if c.is_uppercase() {
            if i > 0 && !name[..i].ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The words of a SQL name: split at anything but ASCII letters and digits, and where a lower
/// case letter or digit meets an upper case one (`UserID` → `user`, `id`).
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        let boundary = c.is_ascii_uppercase()
            && i > 0
            && (chars[i - 1].is_ascii_lowercase()
                || chars[i - 1].is_ascii_digit()
                || (chars[i - 1].is_ascii_uppercase()
                    && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase())));
        if boundary && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.push(c.to_ascii_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// A SQL name as a Rust field (or module) name: lower snake case of its ASCII letters and digits,
/// `r#` before a keyword, `_` before a leading digit; `None` when nothing of it is left (a name
/// of only symbols or non-ASCII letters), for the caller to number.
///
/// ```
/// use duckspec_spec::names::field_name;
/// assert_eq!(field_name("duration_ms").as_deref(), Some("duration_ms"));
/// assert_eq!(field_name("UserID").as_deref(), Some("user_id"));
/// assert_eq!(field_name("first name").as_deref(), Some("first_name"));
/// assert_eq!(field_name("type").as_deref(), Some("r#type"));
/// assert_eq!(field_name("self").as_deref(), Some("self_"));
/// assert_eq!(field_name("2fa").as_deref(), Some("_2fa"));
/// assert_eq!(field_name("🦆"), None);
/// ```
pub fn field_name(name: &str) -> Option<String> {
    let words = words(name);
    if words.is_empty() {
        return None;
    }
    Some(keyword_safe(words.join("_")))
}

/// A SQL name as a Rust type (or variant) name: upper camel case of its ASCII words; `None` when
/// nothing of it is left.
///
/// ```
/// use duckspec_spec::names::type_name;
/// assert_eq!(type_name("job_metrics").as_deref(), Some("JobMetrics"));
/// assert_eq!(type_name("in progress").as_deref(), Some("InProgress"));
/// assert_eq!(type_name("2024").as_deref(), Some("_2024"));
/// assert_eq!(type_name("self").as_deref(), Some("Self_"));
/// ```
pub fn type_name(name: &str) -> Option<String> {
    let words = words(name);
    if words.is_empty() {
        return None;
    }
    let mut out = String::new();
    for word in words {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    Some(keyword_safe(out))
}

/// `r#` before a keyword, `_` after one that cannot be raw, `_` before a leading digit.
fn keyword_safe(mut ident: String) -> String {
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if NOT_RAW.contains(&ident.as_str()) {
        ident.push('_');
        return ident;
    }
    if KEYWORDS.contains(&ident.as_str()) {
        ident.insert_str(0, "r#");
    }
    ident
}

/// The name a Rust identifier stands for: `r#type` → `type`.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}
