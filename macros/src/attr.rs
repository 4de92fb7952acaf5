//! All attribute parsing: `#[table(...)]`, `#[column(...)]`, `#[schema(...)]`, `#[sql(...)]`.

use syn::meta::ParseNestedMeta;
use syn::{Attribute, Ident, LitStr, Path};

use crate::ctxt::Ctxt;

pub const TABLE: &str = "table";
pub const COLUMN: &str = "column";
pub const SCHEMA: &str = "schema";
pub const SQL: &str = "sql";

const NAME: &str = "name";
const SPEC: &str = "spec";
const UNCHECKED: &str = "unchecked";
const PRIMARY_KEY: &str = "primary_key";
const UNIQUE: &str = "unique";
const CHECK: &str = "check";
const COMMENT: &str = "comment";
const SQL_TYPE: &str = "sql_type";
const DEFAULT: &str = "default";
const TABLES: &str = "tables";
const GENERATED: &str = "generated";
const COLLATE: &str = "collate";
const REFERENCES: &str = "references";
const FOREIGN_KEY: &str = "foreign_key";
const COMPRESSION: &str = "compression";
const RENAME: &str = "rename";

const TABLE_KEYS: &[&str] = &[NAME, SPEC, UNCHECKED, PRIMARY_KEY, UNIQUE, CHECK, COMMENT, FOREIGN_KEY];
const COLUMN_KEYS: &[&str] = &[
    NAME,
    SQL_TYPE,
    PRIMARY_KEY,
    UNIQUE,
    DEFAULT,
    CHECK,
    COMMENT,
    GENERATED,
    COLLATE,
    REFERENCES,
    COMPRESSION,
];
const SCHEMA_KEYS: &[&str] = &[SPEC, TABLES];
const SQL_KEYS: &[&str] = &[RENAME];

/// An attribute value together with the tokens it came from.
pub struct Attr<T> {
    pub value: T,
    pub tokens: proc_macro2::TokenStream,
}

/// One attribute key, set at most once.
struct Slot<'c, T> {
    cx: &'c Ctxt,
    name: &'static str,
    value: Option<Attr<T>>,
}

impl<'c, T> Slot<'c, T> {
    fn new(cx: &'c Ctxt, name: &'static str) -> Self {
        Slot { cx, name, value: None }
    }

    fn set(&mut self, path: &Path, value: T, tokens: proc_macro2::TokenStream) {
        if self.value.is_some() {
            self.cx.error_spanned_by(path, format!("duplicate duckspec attribute `{}`", self.name));
        } else {
            self.value = Some(Attr { value, tokens });
        }
    }

    fn get(self) -> Option<Attr<T>> {
        self.value
    }
}

fn string(meta: &ParseNestedMeta) -> syn::Result<(String, proc_macro2::TokenStream)> {
    let lit: LitStr = meta.value()?.parse()?;
    Ok((lit.value(), quote::quote!(#lit)))
}

fn ident_list(meta: &ParseNestedMeta) -> syn::Result<(Vec<Ident>, proc_macro2::TokenStream)> {
    let mut idents = Vec::new();
    let path = &meta.path;
    let mut tokens = quote::quote!(#path);
    meta.parse_nested_meta(|inner| {
        let ident = inner.path.require_ident()?.clone();
        tokens.extend(quote::quote!(#ident));
        idents.push(ident);
        Ok(())
    })?;
    if idents.is_empty() {
        return Err(meta.error("expected a list of names, such as `(a, b)`"));
    }
    Ok((idents, tokens))
}

fn path_list(meta: &ParseNestedMeta) -> syn::Result<Vec<Path>> {
    let mut paths = Vec::new();
    meta.parse_nested_meta(|inner| {
        paths.push(inner.path.clone());
        Ok(())
    })?;
    Ok(paths)
}

/// The error for an unknown key, suggesting the closest known one.
fn unknown(meta: &ParseNestedMeta, attribute: &str, known: &[&str]) -> syn::Error {
    let name = meta
        .path
        .get_ident()
        .map(ToString::to_string)
        .unwrap_or_else(|| quote::ToTokens::to_token_stream(&meta.path).to_string().replace(" ", ""));
    let closest = known
        .iter()
        .map(|k| (strsim::jaro_winkler(k, &name), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let mut message = format!("unknown {attribute} attribute `{name}`");
    match closest {
        Some((_, suggestion)) => message.push_str(&format!("; did you mean `{suggestion}`?")),
        None => message.push_str(&format!("; expected one of: {}", known.join(", "))),
    }
    meta.error(message)
}

/// Calls `each` for every nested meta of every `#[name(...)]` attribute.
fn for_each<F>(cx: &Ctxt, attrs: &[Attribute], name: &str, mut each: F)
where
    F: FnMut(&ParseNestedMeta) -> syn::Result<()>,
{
    for attr in attrs.iter().filter(|a| a.path().is_ident(name)) {
        if let Err(error) = attr.parse_nested_meta(|meta| each(&meta)) {
            cx.syn_error(error);
        }
    }
}

/// `#[table(...)]`.
pub struct TableAttrs {
    pub name: Option<Attr<String>>,
    pub spec: Option<Attr<String>>,
    pub unchecked: Option<Attr<()>>,
    pub primary_key: Option<Attr<Vec<Ident>>>,
    pub unique: Vec<Attr<Vec<Ident>>>,
    pub checks: Vec<Attr<String>>,
    pub comment: Option<Attr<String>>,
    /// `foreign_key((a, b), references = "t(x, y)")`: the columns and the target.
    pub foreign_keys: Vec<Attr<(Vec<Ident>, String)>>,
}

impl TableAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut name = Slot::new(cx, NAME);
        let mut spec = Slot::new(cx, SPEC);
        let mut unchecked = Slot::new(cx, UNCHECKED);
        let mut primary_key = Slot::new(cx, PRIMARY_KEY);
        let mut comment = Slot::new(cx, COMMENT);
        let mut unique = Vec::new();
        let mut checks = Vec::new();
        let mut foreign_keys = Vec::new();
        for_each(cx, attrs, TABLE, |meta| {
            let path = &meta.path;
            if path.is_ident(NAME) {
                let (value, tokens) = string(meta)?;
                name.set(path, value, tokens);
            } else if path.is_ident(SPEC) {
                let (value, tokens) = string(meta)?;
                spec.set(path, value, tokens);
            } else if path.is_ident(UNCHECKED) {
                unchecked.set(path, (), quote::quote!(#path));
            } else if path.is_ident(PRIMARY_KEY) {
                let (value, tokens) = ident_list(meta)?;
                primary_key.set(path, value, tokens);
            } else if path.is_ident(UNIQUE) {
                let (value, tokens) = ident_list(meta)?;
                unique.push(Attr { value, tokens });
            } else if path.is_ident(CHECK) {
                let (value, tokens) = string(meta)?;
                checks.push(Attr { value, tokens });
            } else if path.is_ident(COMMENT) {
                let (value, tokens) = string(meta)?;
                comment.set(path, value, tokens);
            } else if path.is_ident(FOREIGN_KEY) {
                let (value, tokens) = foreign_key(meta)?;
                foreign_keys.push(Attr { value, tokens });
            } else {
                return Err(unknown(meta, TABLE, TABLE_KEYS));
            }
            Ok(())
        });
        TableAttrs {
            name: name.get(),
            spec: spec.get(),
            unchecked: unchecked.get(),
            primary_key: primary_key.get(),
            unique,
            checks,
            comment: comment.get(),
            foreign_keys,
        }
    }
}

/// `foreign_key((a, b), references = "t(x, y)")`.
fn foreign_key(meta: &ParseNestedMeta) -> syn::Result<((Vec<Ident>, String), proc_macro2::TokenStream)> {
    let content;
    syn::parenthesized!(content in meta.input);
    let columns;
    syn::parenthesized!(columns in content);
    let columns: Vec<Ident> =
        syn::punctuated::Punctuated::<Ident, syn::Token![,]>::parse_terminated(&columns)?
            .into_iter()
            .collect();
    content.parse::<syn::Token![,]>()?;
    let key: Ident = content.parse()?;
    if key != REFERENCES {
        return Err(syn::Error::new(key.span(), "expected `references = \"table(columns)\"`"));
    }
    content.parse::<syn::Token![=]>()?;
    let target: LitStr = content.parse()?;
    if !content.is_empty() {
        return Err(content.error("expected the end of `foreign_key(...)`"));
    }
    if columns.is_empty() {
        return Err(
            meta.error("a foreign key names its columns: `foreign_key((a, b), references = \"t(x, y)\")`")
        );
    }
    let path = &meta.path;
    Ok(((columns, target.value()), quote::quote!(#path #target)))
}

/// `#[column(...)]`.
pub struct ColumnAttrs {
    pub name: Option<Attr<String>>,
    pub sql_type: Option<Attr<String>>,
    pub primary_key: Option<Attr<()>>,
    pub unique: Option<Attr<()>>,
    pub default: Option<Attr<String>>,
    pub check: Option<Attr<String>>,
    pub comment: Option<Attr<String>>,
    /// `generated = "expr"`: a read-only field DuckDB computes.
    pub generated: Option<Attr<String>>,
    pub collate: Option<Attr<String>>,
    /// `references = "table(column)"`.
    pub references: Option<Attr<String>>,
    /// `compression = "rle"`: DuckDB's `USING COMPRESSION`.
    pub compression: Option<Attr<String>>,
}

impl ColumnAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut name = Slot::new(cx, NAME);
        let mut sql_type = Slot::new(cx, SQL_TYPE);
        let mut primary_key = Slot::new(cx, PRIMARY_KEY);
        let mut unique = Slot::new(cx, UNIQUE);
        let mut default = Slot::new(cx, DEFAULT);
        let mut check = Slot::new(cx, CHECK);
        let mut comment = Slot::new(cx, COMMENT);
        let mut generated = Slot::new(cx, GENERATED);
        let mut collate = Slot::new(cx, COLLATE);
        let mut references = Slot::new(cx, REFERENCES);
        let mut compression = Slot::new(cx, COMPRESSION);
        for_each(cx, attrs, COLUMN, |meta| {
            let path = &meta.path;
            if path.is_ident(NAME) {
                let (value, tokens) = string(meta)?;
                name.set(path, value, tokens);
            } else if path.is_ident(SQL_TYPE) {
                let (value, tokens) = string(meta)?;
                sql_type.set(path, value, tokens);
            } else if path.is_ident(PRIMARY_KEY) {
                primary_key.set(path, (), quote::quote!(#path));
            } else if path.is_ident(UNIQUE) {
                unique.set(path, (), quote::quote!(#path));
            } else if path.is_ident(DEFAULT) {
                let (value, tokens) = string(meta)?;
                default.set(path, value, tokens);
            } else if path.is_ident(CHECK) {
                let (value, tokens) = string(meta)?;
                check.set(path, value, tokens);
            } else if path.is_ident(COMMENT) {
                let (value, tokens) = string(meta)?;
                comment.set(path, value, tokens);
            } else if path.is_ident(GENERATED) {
                let (value, tokens) = string(meta)?;
                generated.set(path, value, tokens);
            } else if path.is_ident(COLLATE) {
                let (value, tokens) = string(meta)?;
                collate.set(path, value, tokens);
            } else if path.is_ident(REFERENCES) {
                let (value, tokens) = string(meta)?;
                references.set(path, value, tokens);
            } else if path.is_ident(COMPRESSION) {
                let (value, tokens) = string(meta)?;
                compression.set(path, value, tokens);
            } else {
                return Err(unknown(meta, COLUMN, COLUMN_KEYS));
            }
            Ok(())
        });
        ColumnAttrs {
            name: name.get(),
            sql_type: sql_type.get(),
            primary_key: primary_key.get(),
            unique: unique.get(),
            default: default.get(),
            check: check.get(),
            comment: comment.get(),
            generated: generated.get(),
            collate: collate.get(),
            references: references.get(),
            compression: compression.get(),
        }
    }
}

/// `#[schema(spec = "…", tables(A, B))]`.
pub struct SchemaAttrs {
    pub spec: Option<Attr<String>>,
    pub tables: Option<Attr<Vec<Path>>>,
}

impl SchemaAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut spec = Slot::new(cx, SPEC);
        let mut tables = Slot::new(cx, TABLES);
        for_each(cx, attrs, SCHEMA, |meta| {
            let path = &meta.path;
            if path.is_ident(SPEC) {
                let (value, tokens) = string(meta)?;
                spec.set(path, value, tokens);
            } else if path.is_ident(TABLES) {
                let value = path_list(meta)?;
                let tokens = quote::quote!(#path);
                tables.set(path, value, tokens);
            } else {
                return Err(unknown(meta, SCHEMA, SCHEMA_KEYS));
            }
            Ok(())
        });
        SchemaAttrs { spec: spec.get(), tables: tables.get() }
    }
}

/// `#[sql(rename = "…")]` on an enum variant.
pub struct VariantAttrs {
    pub rename: Option<Attr<String>>,
}

impl VariantAttrs {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut rename = Slot::new(cx, RENAME);
        for_each(cx, attrs, SQL, |meta| {
            if meta.path.is_ident(RENAME) {
                let (value, tokens) = string(meta)?;
                rename.set(&meta.path, value, tokens);
                Ok(())
            } else {
                Err(unknown(meta, SQL, SQL_KEYS))
            }
        });
        VariantAttrs { rename: rename.get() }
    }
}
