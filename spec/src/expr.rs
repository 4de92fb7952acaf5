//! DEFAULT and CHECK expressions in the spelling DuckDB reports for them
//! (`duckdb_columns().column_default`, `duckdb_constraints().expression`), so that `DEFAULT 0`,
//! `DEFAULT (0)` and what the engine stores all compare equal.

use sqlparser::ast::{
    BinaryOperator, CastKind, Expr, FunctionArg, FunctionArgExpr, FunctionArgOperator, FunctionArguments,
    InTarget, UnaryOperator, Value,
};
use sqlparser::dialect::DuckDbDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use crate::error::Error;
use crate::ident::quote_ident;
use crate::types::SqlType;

/// Parses one SQL expression and writes it the way DuckDB prints a stored expression: operators
/// fully parenthesised, redundant parentheses dropped, keywords upper-case, function names
/// lower-case, casts as `CAST(x AS TYPE)` with the canonical type.
///
/// ```
/// use duckspec_spec::normalize_expr;
/// assert_eq!(normalize_expr("(0)").unwrap(), "0");
/// assert_eq!(normalize_expr("x>0 and y<>1").unwrap(), "((x > 0) AND (y != 1))");
/// assert_eq!(normalize_expr("'a'::text").unwrap(), "CAST('a' AS VARCHAR)");
/// ```
pub fn normalize_expr(text: &str) -> Result<String, Error> {
    // sqlparser's messages start "sql parser error: Expected: …"; `spellings_agree` below pins
    // that, so an upgrade that changes it fails a test instead of garbling messages.
    let error = |message: String| Error::Expression {
        text: text.to_string(),
        message: message.trim_start_matches("sql parser error: ").replacen("Expected", "expected", 1),
    };
    let dialect = DuckDbDialect {};
    let mut parser = Parser::new(&dialect).try_with_sql(text).map_err(|e| error(e.to_string()))?;
    let expr = parser.parse_expr().map_err(|e| error(e.to_string()))?;
    let rest = parser.peek_token();
    if rest.token != Token::EOF {
        return Err(error(format!("unexpected `{}` after the expression", rest.token)));
    }
    canonical_expr(&expr).map_err(error)
}

/// What two canonical expressions are compared by: their text with letters lower-cased and
/// whitespace dropped outside string literals. DuckDB identifiers are case-insensitive (quoted or
/// not), and the engine keeps the spelling of keyword functions as written (`CURRENT_TIMESTAMP`
/// and `current_timestamp` are one default) and spaces type arguments differently inside an
/// expression (`DECIMAL(12, 1)`) than in a column type (`DECIMAL(12,1)`).
///
/// ```
/// use duckspec_spec::expression_key;
/// assert_eq!(expression_key("CURRENT_TIMESTAMP"), expression_key("current_timestamp"));
/// assert_eq!(expression_key("CAST(a AS DECIMAL(12, 1))"), expression_key("CAST(a AS DECIMAL(12,1))"));
/// assert_ne!(expression_key("'A'"), expression_key("'a'"));
/// ```
pub fn expression_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    let mut in_string = false;
    for c in text.chars() {
        if c == '\'' {
            in_string = !in_string;
            key.push(c);
        } else if in_string {
            key.push(c);
        } else if !c.is_whitespace() {
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// A type as DuckDB writes it inside an expression (`CAST(x AS DECIMAL(12, 1))`): like a column
/// type, but with a space after the comma of a DECIMAL.
pub fn cast_type(ty: &SqlType) -> String {
    match ty {
        SqlType::Decimal { width, scale } => format!("DECIMAL({width}, {scale})"),
        other => other.to_string(),
    }
}

/// The canonical spelling of a parsed expression.
pub(crate) fn canonical_expr(expr: &Expr) -> Result<String, String> {
    let mut out = String::new();
    write_expr(&mut out, expr)?;
    Ok(out)
}

fn binary_operator(op: &BinaryOperator) -> Option<&'static str> {
    Some(match op {
        BinaryOperator::Plus => "+",
        BinaryOperator::Minus => "-",
        BinaryOperator::Multiply => "*",
        BinaryOperator::Divide => "/",
        BinaryOperator::Modulo => "%",
        BinaryOperator::StringConcat => "||",
        BinaryOperator::Gt => ">",
        BinaryOperator::Lt => "<",
        BinaryOperator::GtEq => ">=",
        BinaryOperator::LtEq => "<=",
        BinaryOperator::Eq => "=",
        BinaryOperator::NotEq => "!=",
        BinaryOperator::And => "AND",
        BinaryOperator::Or => "OR",
        BinaryOperator::PGLikeMatch => "~~",
        BinaryOperator::PGNotLikeMatch => "!~~",
        BinaryOperator::PGILikeMatch => "~~*",
        BinaryOperator::PGNotILikeMatch => "!~~*",
        _ => return None,
    })
}

/// Collects the operands of a chain of one conjunction (`a AND b AND c`), which DuckDB stores
/// flat and prints in one pair of parentheses.
fn flatten<'e>(expr: &'e Expr, op: &BinaryOperator, operands: &mut Vec<&'e Expr>) {
    match strip_nested(expr) {
        Expr::BinaryOp { left, op: inner, right } if inner == op => {
            flatten(left, op, operands);
            flatten(right, op, operands);
        }
        other => operands.push(other),
    }
}

fn strip_nested(mut expr: &Expr) -> &Expr {
    while let Expr::Nested(inner) = expr {
        expr = inner;
    }
    expr
}

fn write_list(out: &mut String, items: &[Expr]) -> Result<(), String> {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_expr(out, item)?;
    }
    Ok(())
}

fn string_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn write_expr(out: &mut String, expr: &Expr) -> Result<(), String> {
    match expr {
        Expr::Nested(inner) => write_expr(out, inner)?,
        Expr::Identifier(ident) => out.push_str(&quote_ident(&ident.value)),
        Expr::CompoundIdentifier(parts) => {
            let parts: Vec<String> = parts.iter().map(|p| quote_ident(&p.value)).collect();
            out.push_str(&parts.join("."));
        }
        Expr::Value(value) => match &value.value {
            Value::Number(digits, _) => out.push_str(digits),
            Value::SingleQuotedString(s) => out.push_str(&string_literal(s)),
            Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Null => out.push_str("NULL"),
            other => out.push_str(&other.to_string()),
        },
        Expr::BinaryOp { left, op, right } => {
            let symbol = binary_operator(op).ok_or_else(|| format!("unsupported operator `{op}`"))?;
            let operands = if matches!(op, BinaryOperator::And | BinaryOperator::Or) {
                let mut operands = Vec::new();
                flatten(expr, op, &mut operands);
                operands
            } else {
                vec![&**left, &**right]
            };
            out.push('(');
            for (i, operand) in operands.iter().enumerate() {
                if i > 0 {
                    out.push_str(&format!(" {symbol} "));
                }
                write_expr(out, operand)?;
            }
            out.push(')');
        }
        Expr::UnaryOp { op: UnaryOperator::Minus, expr: inner } => {
            match strip_nested(inner) {
                // DuckDB folds a negated literal into the constant.
                Expr::Value(value) if matches!(value.value, Value::Number(..)) => {
                    out.push('-');
                    write_expr(out, inner)?;
                }
                _ => {
                    out.push_str("-(");
                    write_expr(out, inner)?;
                    out.push(')');
                }
            }
        }
        Expr::UnaryOp { op: UnaryOperator::Plus, expr: inner } => write_expr(out, inner)?,
        Expr::UnaryOp { op: UnaryOperator::Not, expr: inner } => {
            out.push_str("(NOT ");
            write_expr(out, inner)?;
            out.push(')');
        }
        Expr::IsNull(inner) | Expr::IsNotNull(inner) => {
            out.push('(');
            write_expr(out, inner)?;
            out.push_str(if matches!(expr, Expr::IsNull(_)) { " IS NULL)" } else { " IS NOT NULL)" });
        }
        Expr::In { expr: inner, target: InTarget::List(list), negated, global: false } => {
            out.push('(');
            write_expr(out, inner)?;
            out.push_str(if *negated { " NOT IN (" } else { " IN (" });
            write_list(out, list)?;
            out.push_str("))");
        }
        Expr::Between { expr: inner, negated, low, high } => {
            out.push('(');
            write_expr(out, inner)?;
            out.push_str(if *negated { " NOT BETWEEN " } else { " BETWEEN " });
            write_expr(out, low)?;
            out.push_str(" AND ");
            write_expr(out, high)?;
            out.push(')');
        }
        Expr::Like { negated, expr: inner, pattern, escape_char: None, any: false }
        | Expr::ILike { negated, expr: inner, pattern, escape_char: None, any: false } => {
            let case_insensitive = matches!(expr, Expr::ILike { .. });
            let symbol = match (negated, case_insensitive) {
                (false, false) => "~~",
                (true, false) => "!~~",
                (false, true) => "~~*",
                (true, true) => "!~~*",
            };
            out.push('(');
            write_expr(out, inner)?;
            out.push_str(&format!(" {symbol} "));
            write_expr(out, pattern)?;
            out.push(')');
        }
        Expr::Cast { kind, expr: inner, data_type, format: None } => {
            // A named type (`CAST('x' AS mood)`) is kept by name, as DuckDB keeps it.
            let ty = SqlType::parse(&data_type.to_string())
                .map(|ty| cast_type(&ty))
                .unwrap_or_else(|_| data_type.to_string());
            out.push_str(match kind {
                CastKind::TryCast | CastKind::SafeCast => "TRY_CAST(",
                CastKind::Cast | CastKind::DoubleColon => "CAST(",
            });
            write_expr(out, inner)?;
            out.push_str(&format!(" AS {ty})"));
        }
        Expr::TypedString(typed) => {
            let ty = SqlType::parse(&typed.data_type.to_string()).map_err(|e| e.to_string())?;
            let value = match &typed.value.value {
                Value::SingleQuotedString(s) => s.clone(),
                other => other.to_string(),
            };
            out.push_str(&format!("CAST({} AS {})", string_literal(&value), cast_type(&ty)));
        }
        Expr::Function(function) if function.over.is_none() && function.filter.is_none() => {
            let name = function.name.to_string();
            match &function.args {
                // Niladic SQL functions (`CURRENT_TIMESTAMP`, …), which DuckDB prints as written.
                FunctionArguments::None => out.push_str(&name),
                FunctionArguments::List(list) if list.clauses.is_empty() => {
                    out.push_str(&name.to_lowercase());
                    out.push('(');
                    if list.duplicate_treatment.is_some() {
                        return Err(format!("unsupported DISTINCT in `{function}`"));
                    }
                    for (i, arg) in list.args.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        match arg {
                            FunctionArg::Unnamed(FunctionArgExpr::Expr(arg)) => write_expr(out, arg)?,
                            FunctionArg::Unnamed(FunctionArgExpr::Wildcard) => out.push('*'),
                            // `struct_pack(a := 1)`: DuckDB's named arguments.
                            FunctionArg::Named {
                                name,
                                arg: FunctionArgExpr::Expr(arg),
                                operator: FunctionArgOperator::Assignment,
                            } => {
                                out.push_str(&quote_ident(&name.value));
                                out.push_str(" := ");
                                write_expr(out, arg)?;
                            }
                            other => return Err(format!("unsupported argument `{other}`")),
                        }
                    }
                    out.push(')');
                }
                _ => return Err(format!("unsupported function call `{function}`")),
            }
        }
        // DuckDB stores a struct literal `{'a': 1}` as `struct_pack(a := 1)`.
        Expr::Dictionary(fields) => {
            out.push_str("struct_pack(");
            for (i, field) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&quote_ident(&field.key.value));
                out.push_str(" := ");
                write_expr(out, &field.value)?;
            }
            out.push(')');
        }
        // And a map literal `MAP {'a': 1}` as `"map"(list_value('a'), list_value(1))`.
        Expr::Map(map) => {
            out.push_str("\"map\"(list_value(");
            for (i, entry) in map.entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(out, &entry.key)?;
            }
            out.push_str("), list_value(");
            for (i, entry) in map.entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(out, &entry.value)?;
            }
            out.push_str("))");
        }
        // DuckDB stores a list literal as the function that builds it.
        Expr::Array(array) => {
            out.push_str("list_value(");
            write_list(out, &array.elem)?;
            out.push(')');
        }
        Expr::Case { operand, conditions, else_result, .. } => {
            out.push_str("CASE");
            for condition in conditions {
                out.push_str(" WHEN ");
                match operand {
                    // DuckDB rewrites `CASE x WHEN v` to `CASE WHEN (x = v)`.
                    Some(operand) => {
                        out.push('(');
                        write_expr(out, operand)?;
                        out.push_str(" = ");
                        write_expr(out, &condition.condition)?;
                        out.push(')');
                    }
                    None => write_expr(out, &condition.condition)?,
                }
                out.push_str(" THEN ");
                write_expr(out, &condition.result)?;
            }
            out.push_str(" ELSE ");
            match else_result {
                Some(result) => write_expr(out, result)?,
                None => out.push_str("NULL"),
            }
            out.push_str(" END");
        }
        // Anything rarer keeps sqlparser's own rendering: still deterministic, so both sides of a
        // comparison that go through here agree.
        other => out.push_str(&other.to_string()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::normalize_expr;

    #[test]
    fn spellings_agree() {
        for (a, b) in [
            ("0", "(0)"),
            ("x > 0", "((x)>0)"),
            ("a and b and c", "(a AND b) AND c"),
            ("'x'::VARCHAR(10)", "CAST('x' AS TEXT)"),
            ("NOW()", "now()"),
            ("{'a': 1}", "struct_pack(a := 1)"),
        ] {
            assert_eq!(normalize_expr(a).unwrap(), normalize_expr(b).unwrap(), "{a} vs {b}");
        }
    }

    #[test]
    fn canonical_is_a_fixed_point() {
        for text in
            ["x BETWEEN 1 AND 3", "name LIKE 'a%'", "CASE WHEN x THEN 1 END", "\"group\" IN (1, 2)", "-5"]
        {
            let once = normalize_expr(text).unwrap();
            assert_eq!(normalize_expr(&once).unwrap(), once, "{text}");
        }
    }

    #[test]
    fn garbage_is_an_error() {
        for text in ["", "1 +", "x y", ")"] {
            assert!(normalize_expr(text).is_err(), "{text}");
        }
    }

    #[test]
    fn sqlparser_messages_are_reworded_as_expected() {
        let message = normalize_expr("1 +").unwrap_err().to_string();
        assert!(message.starts_with("invalid expression `1 +`: expected: an expression"), "{message}");
    }

    #[test]
    fn keyword_functions_keep_their_spelling_and_compare_equal() {
        let upper = normalize_expr("CURRENT_TIMESTAMP").unwrap();
        assert_eq!(upper, "CURRENT_TIMESTAMP");
        assert_eq!(
            super::expression_key(&upper),
            super::expression_key(&normalize_expr("current_timestamp").unwrap())
        );
    }
}
