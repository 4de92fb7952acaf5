//! A spec file's bytes as text: UTF-8 required, an invalid byte reported at its `file:line:col`
//! (the derive, the CLI and the runtime read spec files through this).

use crate::error::{Error, Location};

/// `bytes`, the contents of spec file `file`, as text. Invalid UTF-8 is an [`Error::Syntax`] at
/// the first invalid byte's line and column (columns count characters); a UTF-8 byte-order mark
/// is kept for [`parse_schema`](crate::parse_schema), which skips it.
///
/// ```
/// use duckspec_spec::spec_text;
/// assert_eq!(spec_text("spec.sql", b"CREATE TABLE t (a INT);".to_vec()).unwrap(), "CREATE TABLE t (a INT);");
/// let error = spec_text("spec.sql", b"-- ok\nCREATE TABLE \xff (a INT);".to_vec()).unwrap_err();
/// assert_eq!(error.to_string(), "spec.sql:2:14: the file is not UTF-8 text (invalid byte 0xff)");
/// ```
pub fn spec_text(file: &str, bytes: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let bad = e.as_bytes().get(valid.len()).copied().unwrap_or(0);
        // The prefix is valid UTF-8 by construction.
        let text = std::str::from_utf8(valid).unwrap_or("");
        Error::Syntax {
            location: Location::new(file, 1, 1).after(text),
            message: format!("the file is not UTF-8 text (invalid byte {bad:#04x})"),
        }
    })
}
