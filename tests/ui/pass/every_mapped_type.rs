//! The shared fixture with a field of every mapped type passes the compile-time check against its
//! spec.

#[path = "../../fixtures/every_type.rs"]
mod every_type;

use duckspec::Table;
use every_type::EveryType;

fn main() {
    assert_eq!(EveryType::NAME, "every_type");
    assert!(EveryType::DDL.contains("feel ENUM('sad', 'very happy') NOT NULL"));
    assert_eq!(every_type::every_type_rows().len(), 2);
}
