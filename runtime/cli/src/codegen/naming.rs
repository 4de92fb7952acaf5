//! Rust names for everything `codegen` writes: a struct and a file per table, a field per
//! column, an enum per ENUM type and a variant per label, each a valid identifier, unique where it
//! must be, and stable (the same spec always gets the same names).

use std::collections::HashSet;

use duckspec::spec::names::{field_name, snake_case, type_name, unraw};
use duckspec::spec::{SqlType, TableDef, DEFAULT_SCHEMA};

/// Hands out names that differ from every name handed out before (`Events`, `Events2`, …).
#[derive(Default)]
pub struct Taken(HashSet<String>);

impl Taken {
    /// Names that must not be used (`Schema` would shadow the derive's trait in the module).
    pub fn reserving(names: &[&str]) -> Taken {
        Taken(names.iter().map(|n| n.to_ascii_lowercase()).collect())
    }

    /// Whether `name` has not been handed out (or reserved).
    pub fn is_free(&self, name: &str) -> bool {
        !self.0.contains(&unraw(name).to_ascii_lowercase())
    }

    /// `wanted`, or `wanted` with the first free number after it. Compared case-insensitively, so
    /// two files never differ only by case (a clash on macOS and Windows).
    pub fn claim(&mut self, wanted: &str) -> String {
        let mut name = wanted.to_string();
        let mut n = 2;
        while !self.0.insert(unraw(&name).to_ascii_lowercase()) {
            name = format!(
                "{}{}{n}",
                unraw(wanted),
                if wanted.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" }
            );
            n += 1;
        }
        name
    }

    /// [`Taken::claim`] for a struct or enum name: one without an ASCII capital (`_9`, from a
    /// table named `9`) gets a `T` in front, so no type is spelled like a module (modules are
    /// snake case): `mod _9; pub use _9::_9;` does not compile (found by the codegen fuzz test).
    pub fn claim_type(&mut self, wanted: &str) -> String {
        if unraw(wanted).chars().any(|c| c.is_ascii_uppercase()) {
            self.claim(wanted)
        } else {
            self.claim(&format!("T{}", unraw(wanted).trim_start_matches('_')))
        }
    }
}

/// The struct name for a table: `job_metrics` → `JobMetrics`, `analytics.events` →
/// `AnalyticsEvents`; `Table` when the name has no ASCII letter or digit.
pub fn struct_name(table: &TableDef) -> String {
    let full = if table.schema.eq_ignore_ascii_case(DEFAULT_SCHEMA) {
        table.name.clone()
    } else {
        format!("{}_{}", table.schema, table.name)
    };
    type_name(&full).unwrap_or_else(|| "Table".to_string())
}

/// The module (file) name for a struct: `AnalyticsEvents` → `analytics_events`.
pub fn module_name(struct_name: &str) -> String {
    let snake = snake_case(unraw(struct_name));
    field_name(&snake).unwrap_or(snake)
}

/// Field names for a table's columns, in column order: snake case, unique within the struct.
pub fn field_names(table: &TableDef) -> Vec<String> {
    let mut taken = Taken::default();
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let wanted = field_name(&column.name).unwrap_or_else(|| format!("column_{}", i + 1));
            taken.claim(&wanted)
        })
        .collect()
}

/// The enum for an ENUM's labels: its variants, each with the label to write in
/// `#[sql(rename = "…")]` when the derive's default (the variant in snake case) is not it.
pub struct EnumPlan {
    /// The enum's name.
    pub name: String,
    /// The labels, in order.
    pub labels: Vec<String>,
    /// (variant, rename) per label.
    pub variants: Vec<(String, Option<String>)>,
}

impl EnumPlan {
    /// Variants for `labels`: `in_progress` → `InProgress`; `Variant3` for a label with no ASCII
    /// letter or digit; a rename wherever snake-casing the variant does not give the label back.
    pub fn new(name: String, labels: &[String]) -> EnumPlan {
        let mut taken = Taken::reserving(&["Self"]);
        let variants = labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let wanted = type_name(label).unwrap_or_else(|| format!("Variant{}", i + 1));
                let variant = taken.claim(&wanted);
                let rename = (snake_case(unraw(&variant)) != *label).then(|| label.clone());
                (variant, rename)
            })
            .collect();
        EnumPlan { name, labels: labels.to_vec(), variants }
    }
}

/// The ENUM labels of a column type, if it is one (`ENUM('a', 'b')` or a named type expanded).
pub fn enum_labels(ty: &SqlType) -> Option<&[String]> {
    match ty {
        SqlType::Enum(labels) => Some(labels),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_names_get_numbers() {
        let mut taken = Taken::reserving(&["Schema"]);
        assert_eq!(taken.claim("Events"), "Events");
        assert_eq!(taken.claim("events"), "events2");
        assert_eq!(taken.claim("Schema"), "Schema2");
        assert_eq!(taken.claim("T1"), "T1");
        assert_eq!(taken.claim("T1"), "T1_2");
        assert_eq!(taken.claim("r#type"), "r#type");
        assert_eq!(taken.claim("r#type"), "type2");
        assert_eq!(taken.claim_type("_9"), "T9");
        assert_eq!(taken.claim_type("_9"), "T9_2");
        assert_eq!(taken.claim_type("_1crateRow"), "_1crateRow");
    }

    #[test]
    fn variants_rename_only_when_needed() {
        let labels: Vec<String> =
            ["in_progress", "Done", "🦆", "a b"].iter().map(|s| s.to_string()).collect();
        let plan = EnumPlan::new("Status".into(), &labels);
        assert_eq!(
            plan.variants,
            vec![
                ("InProgress".to_string(), None),
                ("Done".to_string(), Some("Done".to_string())),
                ("Variant3".to_string(), Some("🦆".to_string())),
                ("AB".to_string(), Some("a b".to_string())),
            ]
        );
    }

    #[test]
    fn struct_and_module_names() {
        let mut table = TableDef::new("job_metrics");
        assert_eq!(struct_name(&table), "JobMetrics");
        table.schema = "analytics".into();
        assert_eq!(struct_name(&table), "AnalyticsJobMetrics");
        assert_eq!(module_name("AnalyticsJobMetrics"), "analytics_job_metrics");
        assert_eq!(module_name("r#Type"), "r#type");
        table.name = "🦆".into();
        table.schema = "main".into();
        assert_eq!(struct_name(&table), "Table");
    }
}
