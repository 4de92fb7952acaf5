//! The `duckspec` command-line tool: print canonical DDL, diff specs and databases, migrate
//! additively, generate checked structs from an existing schema.
//!
//! Exit status: 0 when the schemas agree (or the command succeeded), 1 on drift, 2 on bad input
//! (the reason on stderr, with `file:line:col` where there is a file).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use duckspec::duckdb::{AccessMode, Config, Connection};
use duckspec::iceberg::Catalog;
use duckspec::lake::Partition;
use duckspec::migrate::MigrationPlan;
use duckspec::spec::{self, Drift, Origin, Schema};

mod codegen;

#[derive(Parser)]
#[command(name = "duckspec", about = "DuckDB schemas as a compile-time contract")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the canonical DDL of a spec file, or with --job-logs of the `job_logs` table that
    /// ships with duckspec (where `duckspec::job::LogTable` writes tracing events; add it to a
    /// governance spec with `duckspec ddl --job-logs >> spec/schema.sql`).
    Ddl {
        /// The spec (`.sql`) file.
        #[arg(required_unless_present = "job_logs", conflicts_with = "job_logs")]
        spec: Option<PathBuf>,
        /// Print the spec of duckspec's own `job_logs` table instead of a file's.
        #[arg(long)]
        job_logs: bool,
    },
    /// Compare two schemas, each a `.sql` spec or a DuckDB database file (opened read-only):
    /// tables (columns, their order, types with collations, nullability, defaults and generated
    /// columns, compression, keys, checks, foreign keys, comments), views, indexes, sequences,
    /// named types and schemas. Exit 0 when they agree, 1 on drift (one difference per line on
    /// stdout; an object duckspec cannot read is one such line), 2 when a spec cannot be read.
    /// When B is a directory it is a Parquet lake (`LAKE/<table>/…/*.parquet`): every file's
    /// column names, order, types and nullability are compared with A's tables (Parquet holds
    /// no keys, checks or defaults). When B is a SQLite file it is an Iceberg SQL catalog: every
    /// table's current schema (names, order, types, required), the definition duckspec recorded
    /// with it, and with --partition-by its partition spec, are compared with A's tables.
    Diff {
        /// The expected side.
        a: PathBuf,
        /// The actual side.
        b: PathBuf,
        /// Output format for the differences.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// With an Iceberg catalog: compare each table's partition spec with these levels (a
        /// column, or `day(column)`), outermost first. Repeatable; without it partition specs are
        /// not compared.
        #[arg(long, value_name = "COL")]
        partition_by: Vec<String>,
    },
    /// Print (and with --apply run, in one transaction) the additive migration that brings a
    /// database to a spec: new tables, new nullable or defaulted columns, comments. Anything else
    /// is refused with the reason (exit 1) and the database is left untouched.
    ///
    /// With an Iceberg catalog (a SQLite file, or --iceberg for one that does not exist yet) the
    /// additive changes are new tables and new nullable columns at the end of a table, committed
    /// through the catalog's schema update.
    Migrate {
        /// The spec (`.sql`) file.
        spec: PathBuf,
        /// The DuckDB database file, or an Iceberg SQL catalog file.
        database: PathBuf,
        /// Run the migration (for a database, recorded in `duckspec_history`).
        #[arg(long)]
        apply: bool,
        /// DATABASE is an Iceberg SQL catalog (a SQLite file, created with --apply when missing);
        /// an existing catalog file is recognized without it.
        #[arg(long)]
        iceberg: bool,
        /// With an Iceberg catalog: the warehouse directory new tables go to (default: `warehouse`
        /// beside the catalog file).
        #[arg(long, value_name = "DIR")]
        warehouse: Option<PathBuf>,
        /// With an Iceberg catalog: how new tables are partitioned (as for export). Repeatable.
        #[arg(long, value_name = "COL")]
        partition_by: Vec<String>,
    },
    /// Write a database's tables into a hive-partitioned Parquet lake (`LAKE/<table>/<key>=<value>/
    /// part-….parquet`), or with --iceberg into the Iceberg tables of a SQL catalog (one snapshot
    /// per table), after checking the database against the spec (exit 1 on drift, nothing
    /// written). Each table is partitioned by those of the --partition-by columns it has.
    Export {
        /// The spec (`.sql`) file.
        spec: PathBuf,
        /// The DuckDB database file (opened read-only).
        database: PathBuf,
        /// The lake directory.
        #[arg(required_unless_present = "iceberg", conflicts_with = "iceberg")]
        lake: Option<PathBuf>,
        /// Write into the Iceberg SQL catalog in this SQLite file (created when missing) instead
        /// of a lake; tables are created from the spec, and a table that drifted is refused.
        #[arg(long, value_name = "CATALOG")]
        iceberg: Option<PathBuf>,
        /// With --iceberg: the warehouse directory new tables go to (default: `warehouse` beside
        /// the catalog file).
        #[arg(long, value_name = "DIR", requires = "iceberg")]
        warehouse: Option<PathBuf>,
        /// A partition level, outermost first: a column (`host`) or the UTC day of a timestamp
        /// column (`day(started_at)`). Repeatable.
        #[arg(long, value_name = "COL")]
        partition_by: Vec<String>,
    },
    /// Write Rust definitions for every table of SOURCE (a `.sql` spec or a DuckDB database
    /// file): one file per table with its `#[derive(Table)]` struct, `types.rs` with a
    /// `#[derive(SqlEnum)]` enum per ENUM type, and `mod.rs` with the `#[derive(Schema)]` over
    /// them. From a database, the schema is also written as a spec (`DB_NAME.sql`) for the
    /// structs to be checked against. With --check, write nothing: exit 1 and print a diff when
    /// the files in DIR are not what would be written (for CI).
    Codegen {
        /// The spec (`.sql`) or DuckDB database file.
        source: PathBuf,
        /// The directory to write (a module of your crate, such as `src/schema`); without it the
        /// files are printed.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Compare DIR with what would be written instead of writing it.
        #[arg(long, requires = "out")]
        check: bool,
        /// The spec path as `#[table(spec = "…")]` writes it, relative to your crate's
        /// `Cargo.toml`; found from DIR when not given.
        #[arg(long, value_name = "PATH")]
        spec_path: Option<String>,
        /// The name of the `#[derive(Schema)]` struct; the source's file name in upper camel case
        /// when not given.
        #[arg(long)]
        name: Option<String>,
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
    // clap keeps the version for the program's lifetime; it is computed once.
    let version: &'static str = Box::leak(version().into_boxed_str());
    let matches = Cli::command().version(version).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
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
        Command::Ddl { spec, job_logs } => {
            let schema = match spec {
                Some(spec) if !job_logs => read_spec(&spec)?,
                _ => spec::parse_schema("duckspec/spec/job_logs.sql", duckspec::job::JOB_LOGS_SPEC)?,
            };
            print!("{}", spec::render_schema(&schema));
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff { a, b, format, .. } if b.is_dir() => diff_lake(&a, &b, format),
        Command::Diff { a, b, format, partition_by } if Catalog::is_sql_catalog(&b) => {
            diff_iceberg(&a, &b, format, &partition_by)
        }
        Command::Diff { a, b, format, partition_by } => {
            if !partition_by.is_empty() {
                return Err(Failure(format!("--partition-by: {} is not an Iceberg catalog", b.display())));
            }
            let expected = read_side(&a)?;
            let actual = read_side(&b)?;
            let drifts = spec::diff_schemas(&expected, &actual);
            print_drifts(&drifts, format, drift_json)?;
            Ok(if drifts.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Migrate { spec, database, apply, iceberg, warehouse, partition_by }
            if iceberg || Catalog::is_sql_catalog(&database) =>
        {
            migrate_iceberg(&spec, &database, apply, warehouse, &partition_by)
        }
        Command::Migrate { spec, database, apply, warehouse, partition_by, .. } => {
            if warehouse.is_some() || !partition_by.is_empty() {
                return Err(Failure(format!(
                    "--warehouse and --partition-by are for an Iceberg catalog; {} is not one (add --iceberg for a new catalog)",
                    database.display()
                )));
            }
            migrate(&spec, &database, apply)
        }
        Command::Export { spec, database, lake, iceberg, warehouse, partition_by } => match (lake, iceberg) {
            (_, Some(catalog)) => export_iceberg(&spec, &database, &catalog, warehouse, &partition_by),
            (Some(lake), None) => export(&spec, &database, &lake, &partition_by),
            (None, None) => Err(Failure("export needs a lake directory or --iceberg CATALOG".into())),
        },
        Command::Codegen { source, out, check, spec_path, name } => {
            codegen_command(&source, out.as_deref(), check, spec_path, name)
        }
    }
}

/// Prints differences one line each, or as a JSON array of what `json` makes of each.
fn print_drifts<D: std::fmt::Display>(
    drifts: &[D],
    format: Format,
    json: impl Fn(&D) -> serde_json::Value,
) -> Result<(), Failure> {
    match format {
        Format::Text => drifts.iter().for_each(|drift| println!("{drift}")),
        Format::Json => {
            let values: Vec<serde_json::Value> = drifts.iter().map(json).collect();
            println!("{}", serde_json::to_string_pretty(&values)?);
        }
    }
    Ok(())
}

fn diff_lake(spec: &Path, lake: &Path, format: Format) -> Result<ExitCode, Failure> {
    let schema = read_spec(spec)?;
    let drifts = duckspec::lake::diff_lake(&schema, lake)?;
    print_drifts(
        &drifts,
        format,
        |d| serde_json::json!({ "path": d.path.display().to_string(), "table": d.table, "message": d.message }),
    )?;
    eprintln!("note: compared each Parquet file's column names, order, types and nullability, and the table definition duckspec records in the files it writes; keys, checks and defaults are not part of Parquet");
    Ok(if drifts.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn export(
    spec_path: &Path,
    database: &Path,
    lake: &Path,
    partition_by: &[String],
) -> Result<ExitCode, Failure> {
    use duckspec::lake::LakeOptions;
    let spec = read_spec(spec_path)?;
    let Some(conn) = checked_database(&spec, spec_path, database)? else {
        return Ok(ExitCode::from(1));
    };
    let mut options = LakeOptions::default();
    for partition in partitions(&spec, spec_path, partition_by)? {
        options = options.partition_by(partition);
    }
    for table in duckspec::lake::export(&conn, &spec, lake, &options)? {
        println!("{}: {} row(s) in {} file(s)", table.table, table.rows, table.files.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// The database to export, opened read-only, when it matches the spec; `None` (after printing
/// every difference) when it does not.
fn checked_database(spec: &Schema, spec_path: &Path, database: &Path) -> Result<Option<Connection>, Failure> {
    if !database.is_file() {
        return Err(Failure(format!("{}: no such database file", database.display())));
    }
    let conn = open_read_only(database)?;
    let drifts = duckspec::diff_database(&conn, spec)?;
    if drifts.is_empty() {
        return Ok(Some(conn));
    }
    for drift in &drifts {
        println!("{drift}");
    }
    eprintln!("error: {} differs from {}; nothing was exported", database.display(), spec_path.display());
    Ok(None)
}

/// The `--partition-by` levels: a column (`host`) or the UTC day of one (`day(started_at)`), each
/// a column of some table of the spec.
fn partitions(spec: &Schema, spec_path: &Path, levels: &[String]) -> Result<Vec<Partition>, Failure> {
    levels
        .iter()
        .map(|level| {
            let partition = match level.strip_prefix("day(").and_then(|rest| rest.strip_suffix(')')) {
                Some(column) => Partition::day(column.trim()),
                None => Partition::column(level.trim()),
            };
            if !spec.tables.iter().any(|t| t.column(partition.source()).is_some()) {
                return Err(Failure(format!(
                    "--partition-by {level}: no table of {} has a column `{}`",
                    spec_path.display(),
                    partition.source()
                )));
            }
            Ok(partition)
        })
        .collect()
}

/// The Iceberg SQL catalog in `file`, its warehouse `warehouse` or `warehouse` beside the file.
fn open_catalog(file: &Path, warehouse: Option<PathBuf>) -> Result<Catalog, Failure> {
    let warehouse = warehouse.unwrap_or_else(|| {
        file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join("warehouse")
    });
    Ok(Catalog::sql(file, warehouse)?)
}

/// How new Iceberg tables are partitioned: the `--partition-by` levels.
fn iceberg_options(
    spec: &Schema,
    spec_path: &Path,
    partition_by: &[String],
) -> Result<duckspec::iceberg::IcebergOptions, Failure> {
    let levels = partitions(spec, spec_path, partition_by)?;
    Ok(levels
        .into_iter()
        .fold(duckspec::iceberg::IcebergOptions::default(), |options, level| options.partition_by(level)))
}

fn export_iceberg(
    spec_path: &Path,
    database: &Path,
    catalog_file: &Path,
    warehouse: Option<PathBuf>,
    partition_by: &[String],
) -> Result<ExitCode, Failure> {
    let spec = read_spec(spec_path)?;
    let options = iceberg_options(&spec, spec_path, partition_by)?;
    let Some(conn) = checked_database(&spec, spec_path, database)? else {
        return Ok(ExitCode::from(1));
    };
    if catalog_file.exists() && !Catalog::is_sql_catalog(catalog_file) {
        return Err(Failure(format!(
            "{}: not an Iceberg SQL catalog (a SQLite file)",
            catalog_file.display()
        )));
    }
    let catalog = open_catalog(catalog_file, warehouse)?;
    for table in duckspec::iceberg::export(&conn, &spec, &catalog, &options)? {
        println!("{}: {} row(s) in one snapshot", table.table, table.rows);
    }
    Ok(ExitCode::SUCCESS)
}

fn diff_iceberg(
    spec_path: &Path,
    catalog_file: &Path,
    format: Format,
    partition_by: &[String],
) -> Result<ExitCode, Failure> {
    let spec = read_spec(spec_path)?;
    let levels = partitions(&spec, spec_path, partition_by)?;
    let catalog = open_catalog(catalog_file, None)?;
    let expected = (!partition_by.is_empty()).then_some(levels.as_slice());
    let drifts = duckspec::iceberg::diff_iceberg(&spec, &catalog, expected)?;
    print_drifts(&drifts, format, |d| serde_json::json!({ "table": d.table, "message": d.message }))?;
    if expected.is_none() {
        eprintln!("note: partition specs were not compared (give --partition-by to compare them)");
    }
    Ok(if drifts.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn migrate_iceberg(
    spec_path: &Path,
    catalog_file: &Path,
    apply: bool,
    warehouse: Option<PathBuf>,
    partition_by: &[String],
) -> Result<ExitCode, Failure> {
    let spec = read_spec(spec_path)?;
    let options = iceberg_options(&spec, spec_path, partition_by)?;
    let exists = catalog_file.exists();
    if exists && !Catalog::is_sql_catalog(catalog_file) {
        return Err(Failure(format!(
            "{}: not an Iceberg SQL catalog (a SQLite file)",
            catalog_file.display()
        )));
    }
    if !exists && !apply {
        // Planning against a catalog that does not exist yet: every table is new; create nothing.
        for table in &spec.tables {
            println!("create table {}.{}", table.schema, table.name);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let catalog = open_catalog(catalog_file, warehouse)?;
    let plan = match duckspec::iceberg::migrate_iceberg(&spec, &catalog, &options, apply) {
        Ok(plan) => plan,
        Err(e) => {
            drop(catalog);
            if !exists {
                let _ = std::fs::remove_file(catalog_file);
            }
            return Err(Failure(e.to_string()));
        }
    };
    if !plan.refused.is_empty() {
        for refusal in &plan.refused {
            eprintln!("refused: {refusal}");
        }
        eprintln!(
            "error: the migration is not additive; {} change(s) refused, nothing was changed",
            plan.refused.len()
        );
        return Ok(ExitCode::from(1));
    }
    if plan.steps.is_empty() {
        println!("-- {} already matches {}", catalog_file.display(), spec_path.display());
    }
    for step in &plan.steps {
        println!("{step}");
    }
    if apply && !plan.steps.is_empty() {
        eprintln!("applied {} step(s) to {}", plan.steps.len(), catalog_file.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// duckspec's version and the DuckDB it embeds: `0.1.0 (DuckDB v1.4.1)`.
fn version() -> String {
    let duckdb = Connection::open_in_memory()
        .and_then(|conn| {
            conn.query_row("SELECT library_version FROM pragma_version()", [], |row| row.get::<_, String>(0))
        })
        .unwrap_or_else(|e| format!("unknown: {e}"));
    format!("{} (DuckDB {duckdb})", env!("CARGO_PKG_VERSION"))
}

fn codegen_command(
    source: &Path,
    out: Option<&Path>,
    check: bool,
    spec_path: Option<String>,
    name: Option<String>,
) -> Result<ExitCode, Failure> {
    let out_dir = out.unwrap_or(Path::new("."));
    let stem = source.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let from_spec = source.extension().is_some_and(|e| e.eq_ignore_ascii_case("sql"));
    // From a database, the schema is written as a spec beside the structs, which check against it.
    let (schema, spec_file, database_spec) = if from_spec {
        (read_spec(source)?, source.to_path_buf(), None)
    } else {
        let live = read_side(source)?;
        let file = format!("{stem}.sql");
        let text = spec::render_schema(&live);
        let schema = spec::parse_schema(&file, &text)?;
        (schema, out_dir.join(&file), Some(codegen::GeneratedFile { name: file, text }))
    };
    let spec_attr = match spec_path {
        Some(path) => path,
        None => codegen::output::spec_relative_to_crate(&spec_file, out_dir)?.ok_or_else(|| {
            Failure(format!(
                "{}: not inside a cargo package (no Cargo.toml at or above it); say where the spec is relative to your crate with --spec-path",
                codegen::output::absolute(out_dir).unwrap_or_default().display()
            ))
        })?,
    };
    let header_source = match &database_spec {
        Some(_) => format!("database `{}`", source.file_name().unwrap_or_default().to_string_lossy()),
        None => format!("`{spec_attr}`"),
    };
    let schema_name = match name {
        // The name is written as a struct's name: it must be one (`fn`, `""`, `a b` are not).
        Some(name) if syn::parse_str::<syn::Ident>(&name).is_err() || name.starts_with("r#") => {
            return Err(Failure(format!(
                "--name {name:?}: not a Rust struct name; give an identifier such as `Metrics`"
            )))
        }
        Some(name) => name,
        None => spec::names::type_name(&stem).unwrap_or_else(|| "Spec".to_string()),
    };
    let options =
        codegen::Options { spec_attr: &spec_attr, source: &header_source, schema_name: &schema_name };
    let generated = codegen::generate(&schema, &options).map_err(|errors| Failure(errors.join("\n")))?;
    let mut files = generated.files;
    files.extend(database_spec);
    let Some(out) = out else {
        for file in &files {
            println!("// ---- {} ----\n{}", file.name, file.text);
        }
        return Ok(ExitCode::SUCCESS);
    };
    if check {
        let report = codegen::output::check(out, &files)?;
        if report.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        print!("{report}");
        eprintln!(
            "{} is not what `duckspec codegen` writes for {}; run it without --check",
            out.display(),
            source.display()
        );
        return Ok(ExitCode::from(1));
    }
    for change in codegen::output::write(out, &files)? {
        eprintln!("{change}");
    }
    if !generated.features.is_empty() {
        let features: Vec<&str> = generated.features.into_iter().collect();
        eprintln!(
            "the field types need duckspec's features {}: duckspec = {{ version = \"{}\", features = [{}] }}",
            features.join(", "),
            env!("CARGO_PKG_VERSION"),
            features.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn migrate(spec_path: &Path, database: &Path, apply: bool) -> Result<ExitCode, Failure> {
    let written = spec_path.display().to_string();
    let bytes = std::fs::read(spec_path).map_err(|e| Failure(format!("{}: {e}", spec_path.display())))?;
    let text = spec::spec_text(&written, bytes)?;
    // Parse first, so a malformed spec is bad input (exit 2) before any database is touched.
    spec::parse_schema(&written, &text)?;
    // A database `--apply` creates and then fails to migrate is removed again: a failure leaves
    // the disk as it found it.
    let created = apply && !database.exists();
    let remove_created = |conn: Connection| {
        drop(conn);
        if created {
            let mut wal = database.as_os_str().to_owned();
            wal.push(".wal");
            let _ = std::fs::remove_file(database);
            let _ = std::fs::remove_file(wal);
        }
    };
    let conn = if apply {
        Connection::open(database).map_err(|e| open_failure(database, e))?
    } else if database.is_file() {
        open_read_only(database)?
    } else {
        // Planning against a database that does not exist yet: plan from nothing, create nothing.
        Connection::open_in_memory()?
    };
    let plan = if apply {
        match duckspec::migrate::apply(&conn, &written, &text) {
            Ok(plan @ MigrationPlan::Refused(_)) => {
                remove_created(conn);
                plan
            }
            Ok(plan) => plan,
            Err(e) => {
                remove_created(conn);
                return Err(Failure(format!(
                    "{}: migration failed and was rolled back: {e}",
                    database.display()
                )));
            }
        }
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

/// An existing database file, opened read-only (it may be in use by a writing process).
fn open_read_only(database: &Path) -> Result<Connection, Failure> {
    let config = Config::default().access_mode(AccessMode::ReadOnly)?;
    Connection::open_with_flags(database, config).map_err(|e| open_failure(database, e))
}

/// A file held by another process is told apart from one that is no database (DuckDB says so
/// only in its message, read by `duckspec::Error::is_locked`; `tests/cli.rs` pins it).
fn open_failure(database: &Path, error: duckspec::duckdb::Error) -> Failure {
    let error = duckspec::Error::from(error);
    let text = error.to_string();
    if error.is_locked() {
        Failure(format!(
            "{}: the database is in use by another process (DuckDB allows one writing process at a time): {text}",
            database.display()
        ))
    } else {
        Failure(format!("{}: cannot open as a DuckDB database: {text}", database.display()))
    }
}

fn read_spec(path: &Path) -> Result<Schema, Failure> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    Ok(spec::parse_schema(&file, &spec::spec_text(&file, bytes)?)?)
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
    let conn = open_read_only(path)?;
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
