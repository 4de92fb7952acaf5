//! Generated files on disk: where the spec is relative to the user's crate, writing an output
//! directory (and removing generated files no table needs any more), and `--check`'s comparison
//! with a unified diff.

use std::fmt::Write as _;
use std::io;
use std::path::{Component, Path, PathBuf};

use similar::TextDiff;

use super::{GeneratedFile, MARKER};

/// The path of `spec` relative to the crate that will hold `out_dir` (the nearest directory at or
/// above it with a `Cargo.toml`): what `#[table(spec = "…")]` writes, since the derive reads the
/// spec relative to `CARGO_MANIFEST_DIR`. `None` when no `Cargo.toml` is found.
pub fn spec_relative_to_crate(spec: &Path, out_dir: &Path) -> io::Result<Option<String>> {
    let spec = absolute(spec)?;
    let mut dir = absolute(out_dir)?;
    loop {
        if dir.join("Cargo.toml").is_file() {
            return Ok(Some(relative(&spec, &dir)));
        }
        if !dir.pop() {
            return Ok(None);
        }
    }
}

/// `path` made absolute without requiring it to exist (the output directory may not yet).
pub fn absolute(path: &Path) -> io::Result<PathBuf> {
    let path = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

/// `target` relative to directory `base`, both absolute, with `/` separators (`../spec/a.sql`).
fn relative(target: &Path, base: &Path) -> String {
    let target: Vec<Component> = target.components().collect();
    let base: Vec<Component> = base.components().collect();
    let common = target.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_string(), base.len() - common).collect();
    parts.extend(target[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

/// Generated files in `dir` that `files` does not contain: left from tables that are gone.
fn stale(dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    if !dir.is_dir() {
        return Ok(stale);
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !name.ends_with(".rs") || files.iter().any(|f| f.name == name) {
            continue;
        }
        if std::fs::read_to_string(&path).is_ok_and(|text| text.starts_with(MARKER)) {
            stale.push(path);
        }
    }
    stale.sort();
    Ok(stale)
}

/// The longest file name (in bytes) common file systems allow.
const MAX_NAME_BYTES: usize = 255;

/// Writes `files` into `dir` (creating it), leaving files whose contents are unchanged untouched
/// (so cargo does not rebuild for nothing), and deletes generated files no table needs any more.
/// Returns what changed, one line per file. Every file is checked before any is written: a name
/// too long for the file system, or an existing entry that is a symbolic link (writing through it
/// would change a file outside `dir`), is an error naming the path, and nothing is written.
pub fn write(dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<String>> {
    let at =
        |path: &Path, error: io::Error| io::Error::new(error.kind(), format!("{}: {error}", path.display()));
    for file in files {
        let path = dir.join(&file.name);
        if file.name.len() > MAX_NAME_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{}: the file name is {} bytes, longer than file systems allow ({MAX_NAME_BYTES}); rename the table or write its struct by hand; nothing was written",
                    path.display(),
                    file.name.len()
                ),
            ));
        }
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{}: is a symbolic link; codegen writes only regular files inside the output directory; nothing was written",
                    path.display()
                ),
            ));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| at(dir, e))?;
    let mut changes = Vec::new();
    for file in files {
        let path = dir.join(&file.name);
        match std::fs::read_to_string(&path) {
            Ok(existing) if existing == file.text => continue,
            Ok(_) => changes.push(format!("updated {}", path.display())),
            Err(_) => changes.push(format!("created {}", path.display())),
        }
        std::fs::write(&path, &file.text).map_err(|e| at(&path, e))?;
    }
    for path in stale(dir, files).map_err(|e| at(dir, e))? {
        std::fs::remove_file(&path).map_err(|e| at(&path, e))?;
        changes.push(format!("removed {}", path.display()));
    }
    Ok(changes)
}

/// The differences between `dir` and `files`, as a unified diff per file (empty when `dir` is up
/// to date).
pub fn check(dir: &Path, files: &[GeneratedFile]) -> io::Result<String> {
    let mut report = String::new();
    for file in files {
        let path = dir.join(&file.name);
        let existing = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => String::new(),
            Err(error) => return Err(error),
        };
        if existing != file.text {
            let shown = path.display().to_string();
            let diff = TextDiff::from_lines(&existing, &file.text);
            let _ = write!(report, "{}", diff.unified_diff().header(&shown, &format!("{shown} (generated)")));
        }
    }
    for path in stale(dir, files)? {
        let _ = writeln!(report, "{}: generated for a table the schema no longer has", path.display());
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str) -> GeneratedFile {
        GeneratedFile { name: name.to_string(), text: format!("{MARKER}\n") }
    }

    #[test]
    fn a_symlinked_entry_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("victim.rs");
        std::fs::write(&target, "precious").unwrap();
        let out = dir.path().join("schema");
        std::fs::create_dir(&out).unwrap();
        std::os::unix::fs::symlink(&target, out.join("jobs.rs")).unwrap();
        let error = write(&out, &[file("mod.rs"), file("jobs.rs")]).unwrap_err();
        assert!(error.to_string().contains("jobs.rs: is a symbolic link"), "{error}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
        assert!(!out.join("mod.rs").exists(), "nothing is written");
    }

    #[test]
    fn a_name_too_long_for_the_file_system_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let long = format!("{}.rs", "t".repeat(300));
        let error = write(dir.path(), &[file("mod.rs"), file(&long)]).unwrap_err();
        let text = error.to_string();
        assert!(text.contains(&long) && text.contains("longer than file systems allow"), "{text}");
        assert!(!dir.path().join("mod.rs").exists(), "nothing is written");
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative(Path::new("/w/app/spec/a.sql"), Path::new("/w/app")), "spec/a.sql");
        assert_eq!(relative(Path::new("/w/spec/a.sql"), Path::new("/w/app")), "../spec/a.sql");
        assert_eq!(relative(Path::new("/w/a.sql"), Path::new("/w/app/crates/x")), "../../../a.sql");
    }

    #[test]
    fn write_then_check_then_stale() {
        let dir = tempfile::tempdir().unwrap();
        let file =
            |name: &str, text: &str| GeneratedFile { name: name.into(), text: format!("{MARKER}\n{text}") };
        let files = vec![file("mod.rs", "mod a;\n"), file("a.rs", "struct A;\n")];
        assert_eq!(write(dir.path(), &files).unwrap().len(), 2);
        assert_eq!(check(dir.path(), &files).unwrap(), "");
        assert!(write(dir.path(), &files).unwrap().is_empty(), "unchanged files are not rewritten");

        let changed = vec![file("mod.rs", "mod b;\n"), file("b.rs", "struct B;\n")];
        let report = check(dir.path(), &changed).unwrap();
        assert!(report.contains("-mod a;\n+mod b;\n"), "{report}");
        assert!(report.contains("a.rs: generated for a table the schema no longer has"), "{report}");
        std::fs::write(dir.path().join("handwritten.rs"), "fn main() {}").unwrap();
        let changes = write(dir.path(), &changed).unwrap();
        assert!(changes.iter().any(|c| c.starts_with("removed") && c.ends_with("a.rs")), "{changes:?}");
        assert!(dir.path().join("handwritten.rs").exists(), "a file without the marker is never removed");
        assert_eq!(check(dir.path(), &changed).unwrap(), "");
    }
}
