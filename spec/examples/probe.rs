use sqlparser::dialect::DuckDbDialect;
use sqlparser::parser::Parser;
fn main() {
    let sql = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    for stmt in sql.split(";\n") {
        if stmt.trim().is_empty() { continue; }
        match Parser::parse_sql(&DuckDbDialect {}, stmt) {
            Ok(s) => println!("OK  {}\n    {:?}", s[0], s.iter().map(|s| if let sqlparser::ast::Statement::CreateTable(c) = s { format!("{:?}", c.columns.iter().map(|c| (&c.data_type, &c.options)).collect::<Vec<_>>()) } else { String::new() }).collect::<Vec<_>>()),
            Err(e) => println!("ERR {stmt}\n    {e}"),
        }
    }
}
