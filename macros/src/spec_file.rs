//! Reading spec files at compile time: resolved against `CARGO_MANIFEST_DIR`, parsed once per
//! (path, modification time) in this compiler process.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use duckspec_spec::{parse_schema, Schema};

/// A spec as the macro sees it.
pub struct SpecFile {
    /// The path as the user wrote it (used in messages).
    pub written: String,
    /// The absolute path (used for `include_str!`).
    pub absolute: PathBuf,
    pub schema: Arc<Schema>,
}

type Cache = Mutex<HashMap<PathBuf, (SystemTime, Result<Arc<Schema>, String>)>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// True the first time this compiler process asks about `path`: the first expansion that uses a
/// spec emits its `include_str!`, which is enough for rustc to list the file in the crate's
/// dep-info (so editing the spec re-runs the check); repeating it in every derive would make
/// rustc copy the whole spec into one constant per table.
pub fn first_use(path: &Path) -> bool {
    static SEEN: OnceLock<Mutex<std::collections::HashSet<PathBuf>>> = OnceLock::new();
    SEEN.get_or_init(Default::default).lock().unwrap_or_else(|p| p.into_inner()).insert(path.to_path_buf())
}

/// Loads `written` (relative to the crate root); the error is the message to show.
pub fn load(written: &str) -> Result<SpecFile, String> {
    if Path::new(written).is_absolute() {
        return Err(format!(
            "spec path `{written}` is absolute; write it relative to the crate root (CARGO_MANIFEST_DIR) so the crate builds anywhere"
        ));
    }
    let root = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .ok_or_else(|| "CARGO_MANIFEST_DIR is not set; build with cargo".to_string())?;
    let absolute = root.join(written);
    let mtime = std::fs::metadata(&absolute)
        .and_then(|m| m.modified())
        .map_err(|e| format!("cannot read spec file `{written}` (relative to CARGO_MANIFEST_DIR): {e}"))?;
    let mut cache = cache().lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let schema = match cache.get(&absolute) {
        Some((cached, schema)) if *cached == mtime => schema.clone(),
        _ => {
            let parsed = std::fs::read(&absolute)
                .map_err(|e| {
                    format!("cannot read spec file `{written}` (relative to CARGO_MANIFEST_DIR): {e}")
                })
                .and_then(|bytes| {
                    duckspec_spec::spec_text(written, bytes).map_err(|e| format!("invalid spec: {e}"))
                })
                .and_then(|text| {
                    parse_schema(written, &text).map(Arc::new).map_err(|e| format!("invalid spec: {e}"))
                });
            cache.insert(absolute.clone(), (mtime, parsed.clone()));
            parsed
        }
    }?;
    Ok(SpecFile { written: written.to_string(), absolute, schema })
}
