//! The `duckspec` command-line tool: print canonical DDL, diff specs and databases.
//!
//! Exit status: 0 when the schemas agree (or the command succeeded), 1 on drift, 2 on bad input
//! (the reason on stderr, with `file:line:col` where there is a file).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use duckspec::duckdb::{AccessMode, Config, Connection};
use duckspec::migrate::MigrationPlan;
use duckspec::spec::{self, Drift, Origin, Schema};

#[derive(Parser)]
#[command(name = "duckspec", version, about = "DuckDB schemas as a compile-time contract")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the canonical DDL of a spec file.
    Ddl {
        /// The spec (`.sql`) file.
        spec: PathBuf,
    },
    /// Compare two schemas, each a `.sql` spec or a DuckDB database file (opened read-only):
    /// tables (columns, their order, types with collations, nullability, defaults and generated
    /// columns, compression, keys, checks, foreign keys, comments), views, indexes, sequences,
    /// named types and schemas. Exit 0 when they agree, 1 on drift (one difference per line on
    /// stdout; an object duckspec cannot read is one such line), 2 when a spec cannot be read.
    Diff {
        /// The expected side.
        a: PathBuf,
        /// The actual side.
        b: PathBuf,
        /// Output format for the differences.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print (and with --apply run, in one transaction) the additive migration that brings a
    /// database to a spec: new tables, new nullable or defaulted columns, comments. Anything else
    /// is refused with the reason (exit 1) and the database is left untouched.
    Migrate {
        /// The spec (`.sql`) file.
        spec: PathBuf,
        /// The DuckDB database file.
        database: PathBuf,
        /// Run the migration and record it in `duckspec_history`.
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One readable line per difference.
    Text,
    /// A JSON array of difference objects.
    Json,
}

/// Bad input: printed on stderr, exit status 2.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure(error.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Failure> {
    match command {
        Command::Ddl { spec } => {
            let schema = read_spec(&spec)?;
            print!("{}", spec::render_schema(&schema));
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff { a, b, format } => {
            let expected = read_side(&a)?;
            let actual = read_side(&b)?;
            let drifts = spec::diff_schemas(&expected, &actual);
            match format {
                Format::Text => {
                    for drift in &drifts {
                        println!("{drift}");
                    }
                }
                Format::Json => {
                    let json: Vec<_> = drifts.iter().map(drift_json).collect();
                    println!("{}", serde_json::to_string_pretty(&json)?);
                }
            }
            Ok(if drifts.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Migrate { spec, database, apply } => migrate(&spec, &database, apply),
    }
}

fn migrate(spec_path: &Path, database: &Path, apply: bool) -> Result<ExitCode, Failure> {
    let text =
        std::fs::read_to_string(spec_path).map_err(|e| Failure(format!("{}: {e}", spec_path.display())))?;
    let written = spec_path.display().to_string();
    // Parse first, so a malformed spec is bad input (exit 2) before any database is touched.
    spec::parse_schema(&written, &text)?;
    let conn = if apply {
        Connection::open(database).map_err(|e| open_failure(database, e))?
    } else if database.is_file() {
        let config = Config::default().access_mode(AccessMode::ReadOnly)?;
        Connection::open_with_flags(database, config).map_err(|e| open_failure(database, e))?
    } else {
        // Planning against a database that does not exist yet: plan from nothing, create nothing.
        Connection::open_in_memory()?
    };
    let plan = if apply {
        duckspec::migrate::apply(&conn, &written, &text).map_err(|e| {
            Failure(format!("{}: migration failed and was rolled back: {e}", database.display()))
        })?
    } else {
        duckspec::migrate::plan(&conn, &written, &text)?
    };
    match plan {
        MigrationPlan::UpToDate => {
            println!("-- {} already matches {}", database.display(), spec_path.display());
            Ok(ExitCode::SUCCESS)
        }
        MigrationPlan::Additive(statements) => {
            for statement in &statements {
                println!("{statement}");
            }
            if apply {
                eprintln!("applied {} statement(s) to {}", statements.len(), database.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        MigrationPlan::Refused(refusals) => {
            for refusal in &refusals {
                eprintln!("refused: {refusal}");
            }
            eprintln!(
                "error: the migration is not additive; {} change(s) refused, nothing was changed",
                refusals.len()
            );
            Ok(ExitCode::from(1))
        }
    }
}

/// DuckDB reports a file held by another process only in its message ("Could not set lock on
/// file …"); `tests/cli.rs` pins that text, so an upgrade that changes it fails a test.
fn open_failure(database: &Path, error: duckspec::duckdb::Error) -> Failure {
    let text = error.to_string();
    if text.contains("lock") {
        Failure(format!(
            "{}: the database is in use by another process (DuckDB allows one writing process at a time): {text}",
            database.display()
        ))
    } else {
        Failure(format!("{}: cannot open as a DuckDB database: {text}", database.display()))
    }
}

fn read_spec(path: &Path) -> Result<Schema, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    Ok(spec::parse_schema(&path.display().to_string(), &text)?)
}

/// A `.sql` file is a spec, read as DuckDB records it (its statements run in an in-memory
/// database, so both sides of a diff are spelled by the engine); anything else must be a DuckDB
/// database file.
fn read_side(path: &Path) -> Result<Schema, Failure> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("sql")) {
        return Ok(duckspec::spec_in_engine(&read_spec(path)?)?);
    }
    if !path.is_file() {
        return Err(Failure(format!("{}: no such spec or database file", path.display())));
    }
    let config = Config::default().access_mode(AccessMode::ReadOnly)?;
    let conn = Connection::open_with_flags(path, config)
        .map_err(|e| Failure(format!("{}: cannot open as a DuckDB database: {e}", path.display())))?;
    Ok(duckspec::read_schema(&conn, Origin::Database(path.display().to_string()))?)
}

fn drift_json(drift: &Drift) -> serde_json::Value {
    serde_json::json!({
        "kind": drift.kind.as_str(),
        "object": drift.object.as_str(),
        "table": drift.table,
        "column": drift.column,
        "expected": drift.expected,
        "actual": drift.actual,
        "expected_origin": drift.expected_origin.to_string(),
        "actual_origin": drift.actual_origin.to_string(),
        "expected_at": drift.expected_at.as_ref().map(ToString::to_string),
        "actual_at": drift.actual_at.as_ref().map(ToString::to_string),
        "message": drift.to_string(),
    })
}
