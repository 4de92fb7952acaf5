-- Names and comments that made codegen write code that did not compile or misbehaved: a table
-- whose module would shadow a crate the generated files name, structs that would shadow the
-- prelude under `use schema::*`, a comment with a bare CR and one with a fenced code block.
CREATE TABLE std (id INTEGER NOT NULL);
CREATE TABLE duckspec (id INTEGER NOT NULL);
CREATE TABLE chrono (at_ TIMESTAMPTZ);
CREATE TABLE "Result" (ok BOOLEAN);
CREATE TABLE box (v INTEGER);
CREATE TABLE debug (v INTEGER);
CREATE TABLE notes (body VARCHAR);
COMMENT ON TABLE notes IS 'first line
```
fn main() { panic!("this comment must not run as a doctest") }
```
        indented like code, and a last line';
COMMENT ON COLUMN notes.body IS E'a bare CR\rin a comment\r\nand CRLF';
