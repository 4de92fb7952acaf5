//! Writes `$OUT_DIR/tables.rs` for the features this build has: N structs (plain or derived) and,
//! with `inserts`, a function that inserts and selects each; with `queries`, one checked query
//! (`query_as!`) per table, each with its own result struct; with `queries-shared`, the same
//! queries all reading into one struct (so the difference is the per-struct code).

#[path = "src/shape.rs"]
#[allow(dead_code)] // the spec half is the measuring binary's
mod shape;

fn main() {
    let feature = |name: &str| {
        std::env::var(format!("CARGO_FEATURE_{}", name.to_uppercase().replace('-', "_"))).is_ok()
    };
    let tables = if feature("tables-200") {
        200
    } else if feature("tables-50") {
        50
    } else {
        0
    };
    let derive = feature("derive");
    let inserts = feature("inserts");
    let queries = feature("queries");
    let shared = feature("queries-shared");
    let mut out = String::new();
    if inserts {
        out.push_str("use duckspec::Table as _;\n");
    }
    for i in 0..tables {
        if derive {
            out.push_str(&format!(
                "#[derive(duckspec::Table)]\n#[table(name = \"t{i}\", spec = \"spec/tables.sql\")]\n"
            ));
        }
        out.push_str(&format!("pub struct T{i} {{\n"));
        for (name, ty, _) in shape::columns(i) {
            out.push_str(&format!("    pub {name}: {ty},\n"));
        }
        out.push_str("}\n");
    }
    if derive {
        out.push_str("/// Creates every table.\npub fn create(conn: &duckspec::duckdb::Connection) -> Result<(), duckspec::Error> {\n");
        for i in 0..tables {
            out.push_str(&format!("    conn.execute_batch(<T{i} as duckspec::Table>::DDL)?;\n"));
        }
        out.push_str("    Ok(())\n}\n");
    }
    if inserts {
        out.push_str("/// Writes `rows` rows of every table and reads them back.\npub fn round_trip(conn: &duckspec::duckdb::Connection) -> Result<usize, duckspec::Error> {\n    let mut read = 0;\n");
        for i in 0..tables {
            out.push_str(&format!(
                "    T{i}::insert_all(conn, &[T{i} {{ id: 1, name: String::new(), score: 0.0, ok: true, count: None, seen_at: chrono::NaiveDateTime::default(), tags: vec![], note: None }}])?;\n    read += T{i}::select_all(conn)?.len();\n"
            ));
        }
        out.push_str("    Ok(read)\n}\n");
    }
    if queries || shared {
        // One checked query per table, each with its own result struct (or one struct for all)
        // and a parameter.
        let structs = if shared { 1 } else { tables };
        for i in 0..structs {
            out.push_str(&format!(
                "#[derive(duckspec::Row)]\npub struct Q{i} {{\n    pub id: i64,\n    pub name: String,\n}}\n"
            ));
        }
        out.push_str("/// Runs every checked query.\npub fn query_all(conn: &duckspec::duckdb::Connection) -> Result<usize, duckspec::Error> {\n    let mut read = 0;\n    let min = 0.5f64;\n");
        for i in 0..tables {
            out.push_str(&format!(
                "    read += duckspec::query_as!(Q{}, \"spec/tables.sql\", \"SELECT id, name FROM t{i} WHERE score > ? ORDER BY id\", min).fetch_all(conn)?.len();\n",
                if shared { 0 } else { i }
            ));
        }
        out.push_str("    Ok(read)\n}\n");
    }
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("tables.rs");
    std::fs::write(path, out).unwrap();
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/shape.rs");
}
