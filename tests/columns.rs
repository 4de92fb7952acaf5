//! The column kinds a struct declares beyond type and nullability — generated columns (read
//! only), collations, foreign keys — checked against a spec at compile time and working against a
//! real DuckDB.

use duckspec::duckdb::Connection;
use duckspec::{Error, Schema, Table};

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "users", spec = "spec/kinds.sql", unique(tenant, id))]
struct User {
    #[column(primary_key)]
    id: i64,
    tenant: String,
    #[column(collate = "NOCASE", unique)]
    email: String,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "orders", spec = "spec/kinds.sql", foreign_key((tenant, user_id), references = "users(tenant, id)"))]
struct Order {
    #[column(primary_key)]
    id: i64,
    #[column(references = "users(id)")]
    user_id: i64,
    tenant: String,
    price: f64,
    qty: i32,
    /// Computed by DuckDB: inserts skip it, reads fill it.
    #[column(generated = "price * qty")]
    total: Option<f64>,
}

#[derive(Schema)]
#[schema(spec = "spec/kinds.sql", tables(User, Order))]
struct Shop;

fn shop() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    assert_eq!(Shop::load(&conn).unwrap(), 2);
    conn
}

#[test]
fn generated_fields_are_skipped_on_insert_and_filled_on_read() {
    let conn = shop();
    User { id: 1, tenant: "acme".into(), email: "a@x".into() }.insert(&conn).unwrap();
    // Whatever the struct says about `total` is ignored: DuckDB computes it.
    let orders: Vec<Order> = (0..3000)
        .map(|id| Order {
            id,
            user_id: 1,
            tenant: "acme".into(),
            price: 2.5,
            qty: id as i32,
            total: Some(-1.0),
        })
        .collect();
    assert_eq!(Order::insert_all(&conn, &orders).unwrap(), 3000);
    Order { id: 3000, user_id: 1, tenant: "acme".into(), price: 1.0, qty: 4, total: None }
        .insert(&conn)
        .unwrap();
    let mut writer = duckspec::Writer::<Order>::new(&conn).unwrap();
    writer
        .push(&Order { id: 3001, user_id: 1, tenant: "acme".into(), price: 3.0, qty: 3, total: None })
        .unwrap();
    writer.finish().unwrap();
    let back = Order::select_all(&conn).unwrap();
    assert_eq!(back.len(), 3002);
    for order in &back {
        assert_eq!(order.total, Some(order.price * f64::from(order.qty)), "{order:?}");
    }
}

#[test]
fn collations_and_foreign_keys_are_enforced_by_duckdb() {
    let conn = shop();
    User { id: 1, tenant: "acme".into(), email: "Ann@X".into() }.insert(&conn).unwrap();
    // NOCASE: comparisons ignore case.
    let found: i64 =
        conn.query_row("SELECT count(*) FROM users WHERE email = 'ann@x'", [], |row| row.get(0)).unwrap();
    assert_eq!(found, 1);
    // A foreign key to a user that does not exist.
    let orphan = Order { id: 1, user_id: 9, tenant: "acme".into(), price: 1.0, qty: 1, total: None };
    let error = Order::insert_all(&conn, &[orphan.clone(), orphan]).unwrap_err();
    assert!(error.to_string().contains("foreign key"), "{error}");
    // The composite key: the user exists but in another tenant.
    let wrong_tenant = Order { id: 1, user_id: 1, tenant: "other".into(), price: 1.0, qty: 1, total: None };
    assert!(wrong_tenant.insert(&conn).is_err());
}

#[test]
fn the_struct_ddl_is_the_spec_as_duckdb_records_it() {
    let conn = shop();
    Shop::check(&conn).unwrap();
    let live = duckspec::read_schema(&conn, duckspec::spec::Origin::Database("memory".into())).unwrap();
    let orders = live.table("orders").unwrap();
    assert_eq!(orders.column("total").unwrap().generated.as_deref(), Some("(price * qty)"));
    assert_eq!(orders.foreign_keys.len(), 2);
    assert_eq!(live.table("users").unwrap().column("email").unwrap().collation.as_deref(), Some("nocase"));
}

#[test]
fn a_database_whose_collation_or_foreign_key_drifted_is_refused() {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE TABLE users (id BIGINT PRIMARY KEY, tenant VARCHAR NOT NULL, email VARCHAR NOT NULL UNIQUE, UNIQUE (tenant, id));",
    )
    .unwrap();
    match Shop::load(&conn) {
        Err(Error::Drift(report)) => {
            let text = report.to_string();
            assert!(text.contains("column users.email"), "{text}");
            assert!(text.contains("COLLATE nocase"), "{text}");
        }
        other => panic!("{other:?}"),
    }
}
