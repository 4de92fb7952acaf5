//! `query_as!(Row, "spec path", "SQL", params…)`, `query!("spec path", "SQL", params…)` and
//! `query_scalar!(…)`: a query checked at compile time against the spec, with DuckDB as the judge
//! (`oracle`), expanded to the runtime's `Query` plus the checks only the compiler can finish: a
//! `const` matching the result's columns to the row's fields (`duckspec::query::check_row`), and
//! one trait bound per parameter (`duckspec::query::Param`). `query!` and `query_scalar!` make the
//! row struct themselves from what DuckDB reported (`record`).

mod logical;
mod oracle;
mod record;

use duckspec_spec::{MappedType, SqlType};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, LitStr, Token, Type};

use crate::dummy::Private;
use oracle::QueryError;

/// Which macro: what shape the result rows take.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `query_as!`: a `#[derive(Row)]` struct the user names.
    Named,
    /// `query!`: a struct made from the result's columns.
    Record,
    /// `query_scalar!`: the one column's value.
    Scalar,
}

impl Shape {
    fn usage(self) -> &'static str {
        match self {
            Shape::Named => "query_as!(Row, \"spec/metrics.sql\", \"SELECT …\", params…)",
            Shape::Record => "query!(\"spec/metrics.sql\", \"SELECT …\", params…)",
            Shape::Scalar => "query_scalar!(\"spec/metrics.sql\", \"SELECT count(*) FROM …\", params…)",
        }
    }
}

/// The macro's input.
struct Input {
    /// The row type `query_as!` names.
    row: Option<Type>,
    spec: LitStr,
    sql: LitStr,
    params: Vec<Expr>,
}

fn parse(input: ParseStream, shape: Shape) -> syn::Result<Input> {
    let row = if shape == Shape::Named {
        let row: Type = input.parse()?;
        input.parse::<Token![,]>()?;
        Some(row)
    } else {
        None
    };
    let usage = shape.usage();
    let spec: LitStr = input.parse().map_err(|e| {
        syn::Error::new(e.span(), format!("expected the spec file's path, a string literal: {usage}"))
    })?;
    input.parse::<Token![,]>()?;
    let sql: LitStr = input
        .parse()
        .map_err(|e| syn::Error::new(e.span(), format!("expected the query, a string literal: {usage}")))?;
    let mut params = Vec::new();
    if !input.is_empty() {
        input.parse::<Token![,]>()?;
        let rest: Punctuated<Expr, Token![,]> = Punctuated::parse_terminated(input)?;
        params.extend(rest);
    }
    Ok(Input { row, spec, sql, params })
}

/// The expansion of the macro `shape` names, or its compile error.
pub fn expand(input: TokenStream, shape: Shape) -> TokenStream {
    match (|stream: ParseStream| parse(stream, shape))
        .parse2(input)
        .and_then(|input| expand_input(&input, shape))
    {
        Ok(tokens) => tokens,
        Err(error) => error.to_compile_error(),
    }
}

fn expand_input(input: &Input, shape: Shape) -> syn::Result<TokenStream> {
    let p = Private;
    let spec_span = input.spec.span();
    let sql_span = input.sql.span();
    let spec = crate::spec_file::load(&input.spec.value()).map_err(|e| syn::Error::new(spec_span, e))?;
    let sql = input.sql.value();
    let mut described = match oracle::describe(&spec, &sql) {
        Ok(described) => described,
        Err(QueryError::Spec(message)) => return Err(syn::Error::new(spec_span, flatten(&message))),
        Err(QueryError::Query(message)) => {
            return Err(syn::Error::new(sql_span, explain(&message, &sql, &spec)))
        }
    };
    // An INSERT, UPDATE or DELETE without RETURNING reports one BIGINT column, `Count`: the rows it
    // changed, which `execute` returns. It has no result rows for a struct to match.
    if !described.select
        && matches!(described.columns.as_slice(), [(name, SqlType::BigInt)] if name == "Count")
    {
        described.columns.clear();
    }
    if described.params.len() != input.params.len() {
        return Err(syn::Error::new(
            sql_span,
            format!(
                "the query has {} parameter{}, and {} value{} given after it",
                described.params.len(),
                if described.params.len() == 1 { "" } else { "s" },
                input.params.len(),
                if input.params.len() == 1 { " is" } else { "s are" }
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (name, _) in &described.columns {
        if !seen.insert(name.as_str()) {
            return Err(syn::Error::new(
                sql_span,
                format!("the query returns two columns named {name}; name each one (`… AS other_name`): a row's fields take columns by name"),
            ));
        }
    }

    let (row, record) = match (shape, &input.row) {
        (Shape::Named, Some(row)) => (quote!(#row), quote!()),
        _ => {
            let not_null = record::not_null(&spec.schema, &sql, &described.columns);
            let made = record::make(shape, &described.columns, &not_null, sql_span)?;
            (made.name, made.item)
        }
    };
    let columns = described.columns.iter().map(|(name, ty)| {
        let sql_type = ty.to_string();
        let suggest = duckspec_spec::rust_type(ty).map(|t| t.text).unwrap_or_default();
        quote!(#p::ResultColumn { name: #name, sql_type: #sql_type, suggest: #suggest })
    });
    let listed = described.columns.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(", ");
    let check = quote_spanned! {sql_span=>
        const _: () = #p::check_row::<#row>(__COLUMNS, #listed);
    };
    let mut binds = Vec::new();
    for (i, (value, ty)) in input.params.iter().zip(&described.params).enumerate() {
        binds.push(bind(i + 1, value, ty.as_ref(), sql_span)?);
    }
    let include = if crate::spec_file::first_use(&spec.absolute) {
        let absolute = spec.absolute.to_string_lossy().into_owned();
        quote!(
            const _: &str = ::core::include_str!(#absolute);
        )
    } else {
        quote!()
    };
    let select = described.select;
    let query = quote!(#p::query::<#row>(#sql, __COLUMNS, #select, ::std::vec![#(#binds),*]));
    let query = if shape == Shape::Scalar { quote!(#p::scalar(#query)) } else { query };
    Ok(quote! {{
        #include
        #record
        const __COLUMNS: &[#p::ResultColumn] = &[#(#columns),*];
        #check
        #query
    }})
}

/// The bound value of parameter `index` (1-based), `value`, which DuckDB typed `ty`: its Rust
/// type must be one the type table maps to that type (a per-call trait says so in the error).
fn bind(index: usize, value: &Expr, ty: Option<&SqlType>, sql_span: Span) -> syn::Result<TokenStream> {
    let p = Private;
    let Some(ty) = ty else {
        return Ok(quote!(#p::bind::<#p::sql::ANY, _>(&(#value), ::core::option::Option::None)));
    };
    let Some(marker) = marker(ty) else {
        return Err(syn::Error::new(
            sql_span,
            format!("parameter {index} is {ty}, which no Rust type duckspec maps holds; cast it in the query to one that does (`?::VARCHAR`)"),
        ));
    };
    let text = ty.to_string();
    let declare = duckspec_spec::rust_type(ty).map(|t| format!("pass a {}", t.text)).unwrap_or_default();
    let message = format!("parameter {index} of the query is {text}; `{{Self}}` is not a Rust type for it");
    let label = if declare.is_empty() { format!("a {text} parameter") } else { declare };
    let check = format_ident!("__Param{}", index);
    Ok(quote_spanned! {value_span(value)=> {
        #[diagnostic::on_unimplemented(
            message = #message,
            label = #label,
            note = "a parameter's Rust type is the one the type table maps to the type DuckDB infers for it; cast in the SQL to take another (`?::INTEGER`)"
        )]
        trait #check {
            fn __value(&self) -> ::core::result::Result<#p::duckdb::types::Value, ::std::string::String>;
        }
        impl<T: #p::Param<#marker> + ?Sized> #check for T {
            fn __value(&self) -> ::core::result::Result<#p::duckdb::types::Value, ::std::string::String> {
                #p::bind::<#marker, T>(self, ::core::option::Option::Some(#text))
            }
        }
        #check::__value(&(#value))
    }})
}

fn value_span(value: &Expr) -> Span {
    syn::spanned::Spanned::span(value)
}

/// The marker type of the family a parameter of type `ty` asks for.
fn marker(ty: &SqlType) -> Option<TokenStream> {
    let p = Private;
    if let SqlType::List(inner) = ty {
        let inner = marker(inner)?;
        return Some(quote!(#p::sql::LIST<#inner>));
    }
    let family = MappedType::family_of(ty)?;
    let family = format_ident!("{}", family);
    Some(quote!(#p::sql::#family))
}

/// DuckDB's message for a query it refused, on one line, with the position inside the SQL it
/// points at, and a column it did not find matched to the spec's closest one.
fn explain(message: &str, sql: &str, spec: &crate::spec_file::SpecFile) -> String {
    let mut text = String::new();
    if let Some(missing) = quoted_after(message, "Referenced column ") {
        let best = spec
            .schema
            .tables
            .iter()
            .flat_map(|table| table.columns.iter().map(move |column| (table, column)))
            .map(|(table, column)| (strsim::jaro_winkler(&missing, &column.name), table, column))
            .filter(|(score, _, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, table, column)) = best {
            text.push_str(&format!(
                "column \"{missing}\" not found in {}; did you mean \"{}\"? ",
                table.name, column.name
            ));
        }
    }
    let reason = message.split("\n\nLINE").next().unwrap_or(message);
    // DuckDB lists every overload of a function it could not match; the first few say enough.
    let (reason, overloads) = match reason.split_once("Candidate functions:") {
        Some((head, list)) => (head, Some(list)),
        None => (reason, None),
    };
    text.push_str(&flatten(reason));
    if let Some(list) = overloads {
        let shown: Vec<&str> = list.lines().map(str::trim).filter(|l| !l.is_empty()).take(3).collect();
        text.push_str(&format!(" Candidate functions: {} …", shown.join(", ")));
    }
    if let Some((line, column)) = position(message, sql) {
        text.push_str(&format!(" (at line {line}, column {column} of the SQL)"));
    }
    text
}

/// `text` on one line: its lines trimmed and joined with spaces.
fn flatten(text: &str) -> String {
    text.lines().map(str::trim).filter(|line| !line.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The text between the first pair of double quotes after `prefix` in `message`.
fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let rest = &message[message.find(prefix)? + prefix.len()..];
    let rest = rest.strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

/// The 1-based line and column of the SQL that DuckDB's `LINE n: …` excerpt and its `^` point
/// at: DuckDB shows the line (possibly cut, starting with `...`) and a caret under the token.
fn position(message: &str, sql: &str) -> Option<(usize, usize)> {
    let at = message.find("LINE ")?;
    let rest = &message[at + 5..];
    let colon = rest.find(':')?;
    let line: usize = rest[..colon].trim().parse().ok()?;
    let mut lines = rest.lines();
    let excerpt_line = lines.next()?;
    let caret_line = lines.next()?;
    let caret = caret_line.find('^')?;
    // The excerpt is `LINE n: <text>`; the caret's column counts from the start of that line.
    let prefix_len = 5 + colon + 2;
    let shown = excerpt_line.get(colon + 2..)?;
    let caret_in_shown = caret.checked_sub(prefix_len)?;
    let source_line = sql.lines().nth(line.checked_sub(1)?)?;
    let (shown, cut) = match shown.strip_prefix("...") {
        Some(rest) => (rest, 3),
        None => (shown, 0),
    };
    let shown = shown.strip_suffix("...").unwrap_or(shown);
    let offset = source_line.find(shown.get(..shown.len().min(20))?)?;
    let column = offset + caret_in_shown.checked_sub(cut)? + 1;
    Some((line, column))
}
