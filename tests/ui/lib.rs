//! trybuild UI cases live in `fail/` and `pass/`; the driver is `ui.rs`.
