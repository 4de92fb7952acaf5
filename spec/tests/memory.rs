//! Reading a spec holds at most a few times its size in memory, however it is laid out: the
//! tokens of whitespace and comments are never all held at once (they cost ~90 bytes per input
//! byte when they were). Measured with a counting global allocator, so this file is its own test
//! binary and its tests run one at a time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use duckspec_spec::parse_schema;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The tests measure one at a time (the counters are global).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most memory in use while `sql` is parsed, beyond what was in use before (the text itself
/// is the caller's), and the number of tables read.
fn peak_while_parsing(sql: &str) -> (usize, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let tables = parse_schema("big.sql", sql).expect("the spec parses").tables.len();
    (PEAK.load(Ordering::Relaxed) - before, tables)
}

const MB: usize = 1 << 20;

#[test]
fn whitespace_and_comments_cost_no_memory_per_byte() {
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let table = "CREATE TABLE t (a INTEGER, b VARCHAR);";
    // (layout, text, most bytes it may hold beyond the text: the goal is 4x the input).
    let layouts = [
        // Between statements nothing is held: a chunk of tokens (4 KiB of text) and the line index.
        ("spaces", format!("{}{table}{}", " ".repeat(10 * MB), " ".repeat(MB)), 2 * MB),
        ("newlines", format!("{}{table}\n", "\n".repeat(10 * MB)), 2 * MB),
        ("comments", format!("{}{table}", "-- a comment line\n/* and a block */\n".repeat(MB / 2)), 2 * MB),
        // A statement's text is kept as written (`Schema::statements`): one copy of it.
        (
            "spaces inside a statement",
            format!("CREATE TABLE t ({}a INTEGER,{}b VARCHAR);", " ".repeat(5 * MB), "\t".repeat(5 * MB)),
            10 * MB + 2 * MB,
        ),
    ];
    for (layout, sql, limit) in &layouts {
        let (peak, tables) = peak_while_parsing(sql);
        assert_eq!(tables, 1, "{layout}");
        eprintln!("{layout}: {peak} bytes for {} bytes of input", sql.len());
        // Before the chunked reader: 2.5 GB for the 11 MB of spaces.
        assert!(peak <= *limit, "{layout}: {peak} bytes in use for {} bytes of input", sql.len());
    }
}

#[test]
fn a_spec_of_many_statements_holds_one_statement_of_tokens() {
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // 20,000 small tables: the model grows with them, the tokens do not accumulate.
    let sql: String = (0..20_000).map(|i| format!("CREATE TABLE t{i} (a INTEGER);\n")).collect();
    let (peak, tables) = peak_while_parsing(&sql);
    assert_eq!(tables, 20_000);
    eprintln!(
        "20,000 tables: {peak} bytes for {} bytes of input ({:.1}x)",
        sql.len(),
        peak as f64 / sql.len() as f64
    );
    let one_table = {
        let (peak, _) = peak_while_parsing("CREATE TABLE t0 (a INTEGER);");
        peak
    };
    // Everything held at the peak is the model and the statements' texts, not tokens.
    assert!(peak <= 20_000 * one_table + 4 * MB, "{peak} bytes in use; one table alone takes {one_table}");
}
