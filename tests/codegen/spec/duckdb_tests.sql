-- CREATE TABLE statements from DuckDB's own test files (test/sql/…), verbatim but for the
-- table's name: the corpus `duckspec codegen` is tested on. Written by the ignored test
-- `codegen_corpus` in tests/duckdb_corpus.rs; regenerate the structs with
-- tests/codegen/regenerate.sh.

-- test/sql/aggregate/aggregate_state_export/ordered_aggregate_export_state.test
CREATE TABLE t001(grp INTEGER, i INTEGER);

-- test/sql/aggregate/aggregate_state_export/ordered_aggregate_export_state.test
CREATE TABLE t002(l_orderkey BIGINT, l_quantity DECIMAL(15,2), l_shipdate DATE);

-- test/sql/aggregate/aggregates/arg_min_max_n.test
CREATE TABLE t003 (val VARCHAR, arg INT);

-- test/sql/aggregate/aggregates/histogram_table_function.test
create table t004(b bool);

-- test/sql/aggregate/aggregates/test_approximate_distinct_count.test
CREATE TABLE IF NOT EXISTS t005 (t TIMESTAMP);

-- test/sql/aggregate/aggregates/test_arg_min_max.test
CREATE TABLE t006 (b BYTEA, a BIGINT);

-- test/sql/aggregate/aggregates/test_arg_min_max.test
CREATE TABLE t007 (z HUGEINT);

-- test/sql/aggregate/aggregates/test_avg.test
CREATE TABLE t008 (f1 interval);

-- test/sql/aggregate/aggregates/test_avg.test
CREATE TABLE t009 (ttz TIMETZ);

-- test/sql/aggregate/aggregates/test_avg.test
CREATE TABLE t010(i INTEGER, j DOUBLE, k HUGEINT);

-- test/sql/aggregate/aggregates/test_bit_and.test
CREATE TABLE t011(b BIT);

-- test/sql/aggregate/aggregates/test_bitstring_agg.test
CREATE TABLE t012(i SMALLINT);

-- test/sql/aggregate/aggregates/test_bitstring_agg.test
CREATE TABLE t013(i TINYINT);

-- test/sql/aggregate/aggregates/test_bitstring_agg.test
CREATE TABLE t014(i UHUGEINT);

-- test/sql/aggregate/aggregates/test_mode.test
create table t015 (k int, v time);

-- test/sql/aggregate/aggregates/test_simple_filter.test
CREATE TABLE t016(gender VARCHAR, pay FLOAT);

-- test/sql/aggregate/distinct/distinct_on_nulls.test
CREATE TABLE t017(key INTEGER, v1 VARCHAR, v2 INTEGER[], v3 INTEGER);

-- test/sql/aggregate/distinct/rewrite/distinct_aggregate_rewrite.test
CREATE TABLE t018(p_partkey BIGINT NOT NULL, p_brand VARCHAR NOT NULL, p_type VARCHAR NOT NULL,
                  p_size INTEGER NOT NULL);

-- test/sql/aggregate/group/group_by_limits.test
CREATE TABLE t019(t_k0 UBIGINT);

-- test/sql/aggregate/group/group_by_limits.test
CREATE TABLE t020(t_k0 UINTEGER);

-- test/sql/aggregate/group/group_by_limits.test
CREATE TABLE t021(t_k0 USMALLINT);

-- test/sql/aggregate/group/group_by_limits.test
CREATE TABLE t022(t_k0 UTINYINT);

-- test/sql/alter/add_pk/test_add_pk_catalog_error.test
CREATE TABLE t023 (i INTEGER UNIQUE, j INTEGER);

-- test/sql/alter/add_pk/test_add_pk_with_generated_column.test
CREATE TABLE t024 (
	a INT NOT NULL,
	b INT GENERATED ALWAYS AS (a) VIRTUAL,
	c INT,
);

-- test/sql/alter/add_pk/test_add_same_pk_twice.test
CREATE TABLE t025 (i INTEGER PRIMARY KEY, j INTEGER);

-- test/sql/alter/alter_type/test_alter_type.test
CREATE TABLE t026 (col STRUCT(i INT));

-- test/sql/alter/map/add_column_in_struct.test
CREATE TABLE t027(
	s MAP(
		STRUCT(
			n INTEGER,
			m INTEGER
		),
		STRUCT(
			i INTEGER,
			j INTEGER
		)
	)
);

-- test/sql/alter/rename_col/test_rename_col_unique.test
CREATE TABLE t028(i INTEGER, j INTEGER, PRIMARY KEY(i, j));

-- test/sql/alter/struct/rename_col_nested_struct.test
CREATE TABLE t029(s STRUCT(s2 STRUCT(a INTEGER, b INTEGER)) DEFAULT {'s2': {'a': 1, 'b': 2}});

-- test/sql/attach/attach_dependencies.test
CREATE TABLE t030 (id INT, other INT, nn_col INT NOT NULL, rm INT, rename_c INT, my_def INT, drop_def INT DEFAULT 10, new_null_col INT);

-- test/sql/binder/test_alias_map_in_subquery.test
CREATE OR REPLACE TABLE t031 (example JSON);

-- test/sql/binder/test_duplicate_in_set_operation.test
create table t032(col1 varchar collate nocase);

-- test/sql/cast/string_to_list_cast.test
CREATE TABLE t033(col1 INT[], col2 VARCHAR[], col3 DATE[]);

-- test/sql/catalog/dependencies/add_column_to_table_referenced_by_macro.test
create table t034(a varchar default 'abc');

-- test/sql/catalog/table/test_default.test
CREATE TABLE t035 (a DOUBLE DEFAULT random(), b INTEGER);

-- test/sql/catalog/table/test_default_not_null.test
CREATE TABLE t036(v BOOLEAN DEFAULT (42 IS NOT NULL), a INTEGER);

-- test/sql/catalog/table/test_default_not_null.test
CREATE TABLE t037(u UUID DEFAULT gen_random_uuid() NOT NULL, a INTEGER);

-- test/sql/collate/collate_filter_pushdown.test
CREATE TABLE t038(c0 BOOLEAN, PRIMARY KEY(c0));

-- test/sql/constraints/check/check_struct.test
CREATE TABLE t039(t ROW(t INTEGER) CHECK(t.t=42));

-- test/sql/constraints/foreignkey/test_fk_with_attached_db.test
CREATE TABLE IF NOT EXISTS t040 (
  cache_key VARCHAR PRIMARY KEY,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
);

-- test/sql/copy/csv/auto/test_auto_lineitem.test
CREATE TABLE t041(l_orderkey INT NOT NULL, l_partkey INT NOT NULL, l_suppkey INT NOT NULL, l_linenumber INT NOT NULL, l_quantity INTEGER NOT NULL, l_extendedprice DECIMAL(15,2) NOT NULL, l_discount DECIMAL(15,2) NOT NULL, l_tax DECIMAL(15,2) NOT NULL, l_returnflag VARCHAR(1) NOT NULL, l_linestatus VARCHAR(1) NOT NULL, l_shipdate DATE NOT NULL, l_commitdate DATE NOT NULL, l_receiptdate DATE NOT NULL, l_shipinstruct VARCHAR(25) NOT NULL, l_shipmode VARCHAR(10) NOT NULL, l_comment VARCHAR(44) NOT NULL);

-- test/sql/copy/csv/csv_copy_sniffer.test
CREATE TABLE t042 (
    salesid INTEGER  NOT NULL PRIMARY KEY,
    listid INTEGER NOT NULL,
    sellerid INTEGER NOT NULL,
    buyerid  INTEGER NOT NULL,
    eventid INTEGER NOT NULL,
    dateid  SMALLINT  NOT NULL,
    qtysold   SMALLINT  NOT NULL,
    pricepaid DECIMAL (8,2),
    commission DECIMAL (8,2),
    saletime TIMESTAMP);

-- test/sql/copy/csv/test_timestamptz_12926.test
CREATE TABLE t043 (column0 timestamptz);

-- test/sql/copy/parquet/hive_timestamps.test
CREATE TABLE t044 (
  ts TIMESTAMP_S NOT NULL,
  hits INTEGER NOT NULL
);

-- test/sql/copy/parquet/timestamp_ms_stats.test
CREATE TABLE t045(ts TIMESTAMP_MS);

-- test/sql/copy/parquet/writer/parquet_write_issue_5779.test
CREATE TABLE t046(i INT[][]);

-- test/sql/copy/parquet/writer/parquet_write_timestamp.test
CREATE OR REPLACE TABLE t047(d TIMESTAMP_NS);

-- test/sql/create/create_table_compression.test
CREATE TABLE t048 (a INTEGER NOT NULL USING COMPRESSION RLE);

-- test/sql/create/create_table_with_arraybounds.test
create table t049 (
	vis enum ('hide', 'visible')[]
);

-- test/sql/function/array/array_length.test
create table t050(a int[3]);

-- test/sql/function/index/index_key.test
CREATE TABLE t051(
    id INTEGER PRIMARY KEY,
    uid BIGINT UNIQUE,
    d DATE AS (DATE '2000-01-01'),
    txt VARCHAR
);

-- test/sql/function/list/aggregates/approx_count_distinct.test
CREATE TABLE IF NOT EXISTS t052 (t TIMESTAMP[]);

-- test/sql/function/list/aggregates/avg.test
CREATE TABLE t053(n HUGEINT[]);

-- test/sql/function/list/aggregates/avg.test
CREATE TABLE t054(n DOUBLE[]);

-- test/sql/function/list/aggregates/bigints_sum_avg.test
CREATE TABLE t055 (i BIGINT[]);

-- test/sql/function/list/aggregates/bool_and_or.test
CREATE TABLE t056 (l BOOLEAN[]);

-- test/sql/function/list/aggregates/mode.test
create table t057 (v interval[]);

-- test/sql/function/list/aggregates/mode.test
create table t058 (v time[]);

-- test/sql/function/list/aggregates/uhugeint.test
CREATE TABLE t059(h UHUGEINT[]);

-- test/sql/function/list/lambdas/arrow/reduce_deprecated.test
CREATE TABLE t060 (n integer[][][]);

-- test/sql/function/list/list_value_arrays.test
CREATE TABLE t061 (a STRING[3], b STRING[3], c STRING[3]);

-- test/sql/function/list/list_value_arrays.test
CREATE TABLE t062 (a INTEGER[2], b VARCHAR[2], c DOUBLE[2]);

-- test/sql/function/list/list_value_arrays.test
CREATE TABLE t063 (a INTEGER[2][2], b INTEGER[2][2], c INTEGER[2][2]);

-- test/sql/function/variant/variant_array_length_shredded.test
CREATE TABLE t064(id INTEGER, v VARIANT);

-- test/sql/generated_columns/virtual/insert.test
CREATE TABLE t065 (
    x INTEGER,
    y BOOLEAN AS (x),
);

-- test/sql/index/art/scan/test_art_null_bytes.test
CREATE TABLE t066(b BLOB PRIMARY KEY);

-- test/sql/index/art/scan/test_art_range_scan.test
CREATE TABLE t067 (x USMALLINT PRIMARY KEY);

-- test/sql/index/art/types/test_art_real_pk.test
CREATE TABLE t068(i REAL PRIMARY KEY, j INTEGER);

-- test/sql/join/inner/empty_tinyint_column.test
CREATE TABLE t069(c0 TINYINT, PRIMARY KEY(c0));

-- test/sql/join/natural/natural_join.test
CREATE TABLE t070(c0 DATE, c1 DATE DEFAULT('0.5868720116119102'), c2 INT1, PRIMARY KEY(c1, c2, c0));

-- test/sql/join/natural/natural_join.test
CREATE TABLE t071(c0 DATETIME, c1 DATE DEFAULT(TIMESTAMP '1970-01-11 02:37:59'), PRIMARY KEY(c0));

-- test/sql/join/nearest/nearest_basic.test
CREATE TABLE t072(user_id INT, embedding FLOAT[3]);

-- test/sql/json/copy_geojson.test
CREATE TABLE t073 (id VARCHAR, name VARCHAR, geom GEOMETRY);

-- test/sql/json/issues/internal_issue5288.test
create table t074 (bar JSON using compression 'zstd');

-- test/sql/json/scalar/json_nested_casts.test
create table t075(blobs json[]);

-- test/sql/order/issue_11936.test
CREATE TABLE t076(col1 INT, col2 INT2[][][][][][]);

-- test/sql/returning/returning_delete.test
CREATE TABLE t077 (
    id INTEGER,
    name VARCHAR,
    greeting VARCHAR GENERATED ALWAYS AS ('Hello, ' || name || '!') VIRTUAL
);

-- test/sql/storage/compression/dict_fsst/test_null_update.test
CREATE OR REPLACE TABLE t078(
	compressed VARCHAR USING COMPRESSION 'DICT_FSST'
);

-- test/sql/storage/types/list/default_list.test
CREATE TABLE t079(i INT[] DEFAULT ([1, 2, 3]));

-- test/sql/storage/types/list/empty_float_arrays.test
CREATE TABLE t080 (
    id INTEGER,
    emb FLOAT[],
    emb_arr FLOAT[3]
);

-- test/sql/types/bignum/test_bignum_comparisons.test
CREATE TABLE t081(a bignum);

-- test/sql/types/geo/geometry_shred_list.test
create table t082(g geometry[], id integer);

-- test/sql/types/nested/array/array_fuzzer_failures.test
CREATE TABLE t083(c50 INTEGER[2][]);

-- test/sql/types/nested/array/array_joins.test
CREATE OR REPLACE TABLE t084(i INTEGER, a INTEGER[][3]);

-- test/sql/types/nested/array/array_large.test
CREATE TABLE t085 (a INT[4096]);

-- test/sql/types/nested/array/array_tupleformat.test
CREATE TABLE t086(i VARCHAR[2][2]);

-- test/sql/types/nested/array/array_tupleformat.test
CREATE TABLE t087(i VARCHAR[2][]);

-- test/sql/types/nested/array/array_tupleformat.test
CREATE TABLE t088(i VARCHAR[][2]);

-- test/sql/types/nested/array/array_tupleformat.test
CREATE TABLE t089(i VARCHAR[][2][]);

-- test/sql/types/nested/array/array_tupleformat.test
CREATE TABLE t090(i VARCHAR[2][][2]);

-- test/sql/types/nested/list/test_list_extract.test
CREATE TABLE t091(a int[3][]);

-- test/sql/types/struct/test_tuple.test
CREATE TABLE t092(c TUPLE(INTEGER, VARCHAR));

-- test/sql/types/test_null_type.test
create table t093 (i "null"[]);

-- test/sql/types/test_quotes.test
CREATE TABLE t094 (
    a UTINYINT  DEFAULT CAST(1 AS UTINYINT),
    b USMALLINT DEFAULT CAST(1 AS USMALLINT),
    c UINTEGER  DEFAULT CAST(1 AS UINTEGER),
    d UBIGINT   DEFAULT CAST(1 AS UBIGINT),
    e UHUGEINT  DEFAULT CAST(1 AS UHUGEINT),
    f TINYINT   DEFAULT CAST(1 AS TINYINT),
    g HUGEINT   DEFAULT CAST(1 AS HUGEINT),
    h DOUBLE    DEFAULT CAST(1.0 AS DOUBLE),
    i SMALLINT  DEFAULT CAST(1 AS SMALLINT),
    j INTEGER   DEFAULT CAST(1 AS INTEGER)
);

-- test/sql/types/time/test_time_ns.test
CREATE TABLE t095(tns TIME_NS);

-- test/sql/aggregate/aggregate_state_export/test_covar_export_state.test
CREATE TABLE t096(x INTEGER, y INTEGER);

-- test/sql/aggregate/aggregate_state_export/test_stddev_export_state.test
create table t097(val integer, grp integer);

-- test/sql/aggregate/aggregates/bitstring_agg_empty.test
CREATE TABLE t098 (el VARCHAR, idx INTEGER);

-- test/sql/aggregate/aggregates/bitstring_agg_empty.test
CREATE TABLE t099 (k VARCHAR, el VARCHAR);

-- test/sql/aggregate/aggregates/histogram_exact.test
CREATE TABLE t100(n BIGINT);

-- test/sql/aggregate/aggregates/histogram_table_function.test
create table t101(i int);

-- test/sql/aggregate/aggregates/mode_rewrite.test
CREATE TABLE t102(g INTEGER, v VARCHAR, ord INTEGER, keep BOOLEAN);

-- test/sql/aggregate/aggregates/mode_rewrite.test
CREATE TABLE t103(value VARCHAR, keep BOOLEAN);

-- test/sql/aggregate/aggregates/test_aggr_string.test
CREATE TABLE t104 (a INTEGER, s VARCHAR);

-- test/sql/aggregate/aggregates/test_aggregate_types.test
CREATE TABLE t105(b BOOLEAN, g INTEGER);

-- test/sql/aggregate/aggregates/test_aggregate_types.test
CREATE TABLE t106(i INTEGER, g INTEGER);

-- test/sql/aggregate/aggregates/test_aggregate_types.test
CREATE TABLE t107(s STRING, g INTEGER);

-- test/sql/aggregate/aggregates/test_aggregate_types_scalar.test
CREATE TABLE t108(val INT);

-- test/sql/aggregate/aggregates/test_any_value.test
CREATE TABLE t109(i INTEGER);

-- test/sql/aggregate/aggregates/test_any_value_noninlined.test
CREATE TABLE t110(a INTEGER, b VARCHAR);

-- test/sql/aggregate/aggregates/test_approx_quantile.test
CREATE TABLE t111 (i DECIMAL(15,2));

-- test/sql/aggregate/aggregates/test_approximate_distinct_count.test
CREATE TABLE IF NOT EXISTS t112 (t date);

-- test/sql/aggregate/aggregates/test_approximate_distinct_count.test
CREATE TABLE IF NOT EXISTS t113 (t string);

-- test/sql/aggregate/aggregates/test_approximate_distinct_count.test
create table t114 (cname varchar);

-- test/sql/aggregate/aggregates/test_approximate_distinct_count.test
create table t115(c0 int);

-- test/sql/aggregate/aggregates/test_arg_min_max.test
CREATE OR REPLACE TABLE t116(
	employee_id NUMERIC,
	department_id NUMERIC,
	salary NUMERIC);

-- test/sql/aggregate/aggregates/test_arg_min_max.test
create table t117 (a integer, b integer);

-- test/sql/aggregate/aggregates/test_arg_min_max.test
create table t118 (first_name string, last_name string);

-- test/sql/aggregate/aggregates/test_arg_min_max.test
create table t119 (name string, salary integer);

-- test/sql/aggregate/aggregates/test_avg.test
CREATE TABLE t120(itvl INTERVAL);

-- test/sql/aggregate/aggregates/test_bigint_avg.test
CREATE TABLE t121(n HUGEINT);

-- test/sql/aggregate/aggregates/test_bitstring_agg.test
CREATE TABLE t122(i BIGINT);

-- test/sql/aggregate/aggregates/test_bitstring_agg.test
CREATE TABLE t123(i INT, g VARCHAR);

-- test/sql/aggregate/aggregates/test_bitstring_agg.test
CREATE TABLE t124(i HUGEINT);

-- test/sql/aggregate/aggregates/test_bitstring_agg.test
CREATE TABLE t125(i INT);

-- test/sql/aggregate/aggregates/test_bool.test
create table t126 (d date);

-- test/sql/aggregate/aggregates/test_corr.test
create table t127(k int, v decimal(10,2), v2 decimal(10, 2));

-- test/sql/aggregate/aggregates/test_count_star.test
CREATE TABLE t128(i INTEGER, j INTEGER);

-- test/sql/aggregate/aggregates/test_entropy.test
create table t129(k int);

-- test/sql/aggregate/aggregates/test_entropy.test
create table t130 (name string);

-- test/sql/aggregate/aggregates/test_first_last_any_ordered.test
CREATE TABLE t131(i INTEGER, grp INTEGER);

-- test/sql/aggregate/aggregates/test_histogram.test
CREATE TABLE t132 (g INTEGER, e INTEGER);

-- test/sql/aggregate/aggregates/test_histogram_3529.test
create table t133 (c0 integer, c1 integer);

-- test/sql/aggregate/aggregates/test_kahan_avg.test
CREATE TABLE t134(n DOUBLE);

-- test/sql/aggregate/aggregates/test_kurtosis.test
create table t135(k int, v int, v2 int);

-- test/sql/aggregate/aggregates/test_mode.test
create table t136(k int, v decimal(10,2));

-- test/sql/aggregate/aggregates/test_mode.test
create table t137 (k int, v date);

-- test/sql/aggregate/aggregates/test_mode.test
create table t138 (k int, v hugeint);

-- test/sql/aggregate/aggregates/test_mode.test
create table t139 (k int, v interval);

-- test/sql/aggregate/aggregates/test_mode.test
create table t140 (k int, v timestamp);

-- test/sql/aggregate/aggregates/test_null_aggregates.test
CREATE TABLE t141(c0 BIGINT, c1 SMALLINT);

-- test/sql/aggregate/aggregates/test_order_by_aggregate.test
CREATE TABLE t142 (
    user_id INT,
    cause VARCHAR,
    "date" DATE
);

-- test/sql/aggregate/aggregates/test_ordered_aggregates.test
CREATE TABLE t143(
	"year" INTEGER,
	"month" INTEGER,
	"day" INTEGER,
	dep_time INTEGER,
	sched_dep_time INTEGER,
	dep_delay DOUBLE,
	arr_time INTEGER,
	sched_arr_time INTEGER,
	arr_delay DOUBLE,
	carrier VARCHAR,
	flight INTEGER,
	tailnum VARCHAR,
	origin VARCHAR,
	dest VARCHAR,
	air_time DOUBLE,
	distance DOUBLE,
	"hour" DOUBLE,
	"minute" DOUBLE,
	time_hour TIMESTAMP);

-- test/sql/aggregate/aggregates/test_quantile_cont.test
CREATE TABLE t144(t BIGINT);

-- test/sql/aggregate/aggregates/test_quantile_cont.test
CREATE TABLE t145(t INTEGER);

-- test/sql/aggregate/aggregates/test_quantile_cont.test
CREATE TABLE t146(t SMALLINT);

-- test/sql/aggregate/aggregates/test_quantile_cont.test
CREATE TABLE t147(t TINYINT);

-- test/sql/aggregate/aggregates/test_string_agg.test
CREATE TABLE t148(g INTEGER, x VARCHAR, y VARCHAR);

-- test/sql/aggregate/aggregates/test_sum.test
CREATE TABLE t149(b BIGINT);

-- test/sql/aggregate/aggregates/test_weighted_avg.test
CREATE TABLE t150(name TEXT, grade INTEGER, etcs INTEGER);

-- test/sql/aggregate/distinct/distinct_limit.test
CREATE TABLE t151 (i INTEGER);

-- test/sql/aggregate/distinct/distinct_on_order_by.test
CREATE TABLE t152 (
    id               INT,
    person_id        INT,
    address_id       INT,
    effective_date   DATE
);

-- test/sql/aggregate/distinct/distinct_on_order_by.test
CREATE TABLE t153(i INTEGER, j INTEGER, k INTEGER);

-- test/sql/aggregate/distinct/distinct_on_order_by.test
create table t154(a real, b real);

-- test/sql/aggregate/distinct/grouped/combined_with_grouping.test
create table t155 (
	course VARCHAR,
	type VARCHAR,
	value BIGINT
);

-- test/sql/aggregate/distinct/grouped/string_agg.test
CREATE TABLE t156(
	g INTEGER,
	x VARCHAR,
	y VARCHAR
);

-- test/sql/aggregate/distinct/issue19616.test
CREATE TABLE t157 (
	col1 int,
	col2 int,
	col3 int
);

-- test/sql/aggregate/distinct/issue2656.test
CREATE TABLE t158 (t1 int, t2 int);

-- test/sql/aggregate/distinct/issue8505.test
create table t159 (id int, provider int, record_key int, record_rank int, record_date int);

-- test/sql/aggregate/distinct/issue9241.test
create table t160 (a int, b int);

-- test/sql/aggregate/distinct/rewrite/distinct_aggregate_rewrite.test
CREATE TABLE t161(g INTEGER, value VARCHAR, keep BOOLEAN);

-- test/sql/aggregate/distinct/rewrite/distinct_aggregate_rewrite.test
CREATE TABLE t162(course VARCHAR, type VARCHAR, value INTEGER);

-- test/sql/aggregate/distinct/rewrite/distinct_aggregate_rewrite.test
CREATE TABLE t163(g INTEGER, x INTEGER, y INTEGER);

-- test/sql/aggregate/distinct/rewrite/distinct_aggregate_rewrite.test
CREATE TABLE t164(g INTEGER, s VARCHAR, y INTEGER, keep BOOLEAN);

-- test/sql/aggregate/distinct/rewrite/distinct_aggregate_rewrite.test
CREATE TABLE t165(ps_partkey BIGINT NOT NULL, ps_suppkey BIGINT NOT NULL);

-- test/sql/aggregate/distinct/rewrite/distinct_aggregate_rewrite.test
CREATE TABLE t166(s_suppkey BIGINT NOT NULL, s_comment VARCHAR NOT NULL);

-- test/sql/aggregate/distinct/test_distinct.test
CREATE TABLE t167 (a INTEGER, b INTEGER);

-- test/sql/aggregate/group/group_by_all.test
CREATE TABLE t168(g integer, i integer);

-- test/sql/aggregate/group/group_by_limits.test
CREATE TABLE t169(t_k0 BIGINT);

-- test/sql/aggregate/group/group_by_limits.test
CREATE TABLE t170(t_k0 HUGEINT);

-- test/sql/aggregate/group/group_by_limits.test
CREATE TABLE t171(t_k0 INTEGER);

-- test/sql/aggregate/group/group_by_limits.test
CREATE TABLE t172(t_k0 SMALLINT);

-- test/sql/aggregate/group/group_by_limits.test
CREATE TABLE t173(t_k0 TINYINT);

-- test/sql/aggregate/group/group_by_limits.test
CREATE TABLE t174(t_k0 UHUGEINT);

-- test/sql/aggregate/group/test_group_by_error.test
CREATE TABLE t175 (v4 DOUBLE, v5 INTEGER);

-- test/sql/aggregate/group/test_group_by_large_string.test
CREATE TABLE t176 (a VARCHAR, b INTEGER);

-- test/sql/aggregate/group/test_group_by_null_length.test
CREATE TABLE t177(c0 INTEGER);

-- test/sql/aggregate/grouping_sets/cube.test
create table t178 (course VARCHAR, type VARCHAR, highest_grade INTEGER);

-- test/sql/aggregate/grouping_sets/grouping.test
create table t179 (course VARCHAR, type VARCHAR);

-- test/sql/aggregate/grouping_sets/issue_3730.test
CREATE TABLE t180(
	id BIGINT,
	response VARCHAR
);

-- test/sql/aggregate/grouping_sets/issue_3730.test
CREATE TABLE t181(
	id BIGINT,
	"name" VARCHAR
);

-- test/sql/aggregate/having/having_alias.test
create table t182(a int);

-- test/sql/aggregate/qualify/test_qualify.test
CREATE TABLE t183 (student TEXT, subject TEXT, mark INTEGER);

-- test/sql/aggregate/qualify/test_qualify.test
CREATE TABLE t184 (plant TEXT, date DATE, mwh INTEGER);

-- test/sql/aggregate/qualify/test_qualify.test
CREATE TABLE t185 (a INTEGER, b CHAR(1), c INTEGER);

-- test/sql/aggregate/qualify/test_qualify.test
CREATE TABLE t186 (unique1 int4, unique2 int4, two int4, four int4, ten int4, twenty int4, hundred int4, thousand int4, twothousand int4, fivethous int4, tenthous int4, odd int4, even int4, stringu1 varchar, stringu2 varchar, string4 varchar);

-- test/sql/alter/add_col/test_add_col_user_type.test
CREATE TABLE t187 (i INT);

-- test/sql/alter/add_pk/test_add_multi_column_pk.test
CREATE TABLE t188 (i INTEGER, j INTEGER, d TEXT);

-- test/sql/alter/add_pk/test_add_pk.test
CREATE TABLE t189 (i INTEGER, j INTEGER);

-- test/sql/alter/add_pk/test_add_pk_gaps_in_rowids.test
CREATE TABLE t190(i integer);

-- test/sql/alter/add_pk/test_add_pk_invalid_data.test
CREATE TABLE t191 (i INTEGER, j INTEGER, k VARCHAR);

-- test/sql/alter/add_pk/test_add_pk_invalid_type.test
CREATE TABLE t192 (a INTEGER[], b INTEGER);

-- test/sql/alter/alter_col/test_drop_not_null.test
CREATE TABLE t193(i INTEGER, j INTEGER NOT NULL);

-- test/sql/alter/alter_col/test_not_null_in_tran.test
CREATE TABLE t194(i INTEGER NOT NULL);

-- test/sql/alter/alter_col/test_not_null_in_tran.test
CREATE TABLE t195(i int, j int);

-- test/sql/alter/alter_type/test_alter_type_not_null.test
CREATE TABLE t196(i INTEGER NOT NULL, j INTEGER);

-- test/sql/alter/alter_type/test_alter_type_unique.test
CREATE TABLE t197(i INTEGER UNIQUE, j INTEGER);

-- test/sql/alter/default/drop_default.test
CREATE TABLE t198(id INTEGER, x INTEGER);

-- test/sql/alter/default/test_set_default.test
CREATE TABLE t199(i INTEGER PRIMARY KEY, j INTEGER);

-- test/sql/alter/drop_col/test_drop_col_concurrent_dml_conflict.test
CREATE TABLE t200 (id INTEGER PRIMARY KEY, val INTEGER, extra INTEGER);
