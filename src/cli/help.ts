/** Help of `cohortlab` without a command. */
export const MAIN_HELP = `Usage: cohortlab <command> [options]

Commands:
  run        load transactions, report quality, compute features, predefined classes and
             clusters; write the labelled cohorts, the reports and the pipeline model
  score      label customers of a transactions file with a saved pipeline model
  sql        write the scoring query of a saved pipeline model (DuckDB or ClickHouse)
  segment    segment a customer table (no transactions) on any columns, numeric and
             categorical: demographics, geography, product mix
  help       show this help

Run "cohortlab <command> --help" for the options of a command.
Exit codes: 0 done, 2 bad input or usage (one line naming file, row and column), 1 internal error.`;

/** Help of `cohortlab run`. */
export const RUN_HELP = `Usage: cohortlab run [options]

Loads transactions, reports data quality, computes per-customer features, assigns the
predefined classes, clusters customers with k-means, compares every class scheme with the
clusters and explains the clusters with rules. Without --transactions it runs on the
bundled CDNOW data. Everything is computed before anything is written.

Input:
  --transactions FILE   CSV, Parquet, JSON or NDJSON file of transactions
  --map SPEC            column mapping, e.g. id=customer,date=order_date,amount=total
                        keys: id, date, amount | quantity + price, order, category, channel
  --customers FILE      customer table whose attributes join in by id
  --customer-id COL     id column of the customer table (default: the --map id column)
  --date-format FMT     auto (default), iso, yyyymmdd or a strptime format like %d/%m/%Y
  --as-of DATE          as-of date YYYY-MM-DD (default: the day after the last plausible
                        transaction: dates after today or far from the rest do not count)
  --on-invalid MODE     error (default) or drop: rows whose date or amount does not parse
  --windows LIST        trailing windows in days for extra features, e.g. 90,180,365
Model:
  --classes LIST        class schemes: rfm, abc, lifecycle and/or a rules file (.json)
                        (default rfm,abc,lifecycle)
  --rules FILE          rules file {"defaultClass": "...", "rules": [{"name", "when"}]}
                        (the same as adding FILE to --classes)
  --k auto|N            number of clusters, or auto to choose among 2..6 (default auto)
  --features LIST       numeric features to cluster on, globs allowed, e.g.
                        recency_days,frequency,monetary,share_* (default the first three);
                        skewed non-negative ones are logged, all z-scored; for text columns
                        use cohortlab segment
  --seed N              seed of every random choice (default 0)
  --likelihood DAYS     also score P(an order within DAYS days) per customer
                        (purchase_probability; a decision tree fitted on a time split)
  --bgnbd-weeks N       horizon of the BG/NBD expected purchases in weeks (default 52).
                        BG/NBD is fitted by default (about 0.1 s for 4k customers, 1-2 s
                        for 100k): p_alive and expected_purchases_<N>w per customer; a
                        degenerate fit (a -> 0, P(alive) ~ 1 for all) gives DEGENERATE_FIT
  --no-bgnbd            do not fit BG/NBD (no p_alive, expected_purchases_* columns)
                        (with BG/NBD, Gamma-Gamma adds expected_spend and clv_12: value in
                        the next 12 months, discounted 1 % a month; see value.json)
  --playbook FILE       segment playbook (JSON/YAML): {column: {label: {action, owner,
                        rhythm, priority}}} over the defaults for rfm_segment and value_tier
                        (--playbook default: the defaults alone); adds each customer's most
                        urgent entry to the exports: playbook_segment, action, owner,
                        contact_rhythm, priority (value.json and the report always show it)
  --snapshots WHEN      customer dynamics: snapshots at every month or quarter start, or
                        at DATE,DATE,… (two or more); class thresholds fixed at the first
                        snapshot; writes migration.json and a report section
Output:
  --out DIR             output folder (default: out); it changes as a whole: the files
                        are written beside it and swapped in once all are written, so
                        a kill or a full disk leaves the previous set untouched
  --format LIST         cohort table formats: csv, parquet, json, ndjson (default csv,parquet)
  --split-by COLUMN     also one file per value of COLUMN: DIR/cohorts/<value>.<format>
                        (e.g. cluster_name, lifecycle, value_tier); without --force
                        the folder must not hold files; with it, files are replaced
                        and files of values that no longer occur are left alone
  --where CONDITION     export only customers matching CONDITION, in the rule language:
                        'lifecycle = "at-risk" and cluster = 1', "value_tier in ('A','B')"
  --no-report           do not write report.html
  --force               replace existing output files
  -q, --quiet           no progress lines on stderr
  --strict              treat warnings as errors: exit 2 before anything is written
                        (warnings: one line each on stderr, and in quality.json)
  --config FILE         JSON or YAML file of options: keys are the long options above
                        (e.g. "k: 3", "classes: [rfm, abc]"); relative paths in it are
                        relative to the file; command-line flags override it
  -h, --help            show this help
In a database engine (the transactions stay there; features and scoring run there over
HTTP, only per-customer rows come back):
  --engine clickhouse   run in ClickHouse; needs --url and --map (engine column names)
  --url URL             HTTP endpoint, e.g. http://127.0.0.1:8123 (no password in it)
  --database NAME       database of the queries (default: the server's)
  --table NAME          transactions table, e.g. a Distributed table (default: transactions)
  --user NAME           user (default: default)
  --password-env VAR    read the password from environment variable VAR (a password is
                        never taken on the command line, and never printed)
  --fit-sample N        fit on a seeded sample of N customers drawn in the engine (--seed),
                        then score every customer there; the log, the summary and
                        engine.json compare the sample model's inertia over all customers
                        (computed in the engine) with k-means of the same k fitted on all
                        (without --fit-sample: every customer's features come back and the
                        model is fitted on all of them)
  --shards URL/TABLE,…  each shard's server and local table (tables sharded by customer
                        id): features and scoring run on every shard at once
  --into TABLE          leave the scores in a new ClickHouse table TABLE (on each shard
                        with --shards) instead of writing cohorts.<format>
  The engine mode skips BG/NBD, purchase likelihood, --snapshots and report.html (they need
  the transactions in-process) and writes cohorts.<format> (unless --into), model.json,
  score.sql (ClickHouse dialect, over --table) and engine.json (engine, fit, scoring counts,
  inertias).

Writes into DIR: cohorts.<format> (one row per customer: id, features, every class label,
cluster, cluster_name, cluster_distance[, purchase_probability][, p_alive,
expected_purchases_<N>w]), model.json (the versioned pipeline model for "cohortlab score"),
quality.json, classes.json, clusters.json, score.sql (the model as one DuckDB query over a
table "transactions" with the --map column names, date as DATE), report.html (a
self-contained HTML report, ~10 MB, opens offline) and, with --snapshots, migration.json.

Exit codes: 0 done, 2 bad input (one line naming file, row and column), 1 internal error.`;

/** Help of `cohortlab score`. */
export const SCORE_HELP = `Usage: cohortlab score --model FILE --transactions FILE [options]
       cohortlab score --model FILE --engine clickhouse --url URL --table NAME [options]

Labels the customers of a transactions file with a saved pipeline model (model.json of a
run): the same features, class thresholds, scaling and centroids as the fit — nothing is
refitted. A model with BG/NBD also gives p_alive and expected_purchases_<N>w.

  --model FILE          pipeline model written by "cohortlab run"
  --transactions FILE   CSV, Parquet, JSON or NDJSON file of transactions
  --map SPEC            column mapping (default: the model's mapping)
  --customers FILE      customer table whose attributes join in by id
  --customer-id COL     id column of the customer table (default: the --map id column)
  --date-format FMT     date format (default: the format the model was fitted with)
  --as-of DATE          as-of date (default: the model's --as-of if it was given one, else
                        the day after the last plausible transaction of this file)
  --on-invalid MODE     error (default) or drop: rows whose date or amount does not parse
  --out FILE            output file; its extension (.csv .parquet .json .ndjson) gives the
                        format. Without --out, CSV goes to stdout and the summary to stderr
  --format LIST         formats to write, as FILE with each extension (overrides FILE's)
  --where CONDITION     keep only customers matching CONDITION (rule language)
  --force               replace existing output files
  -q, --quiet           no progress lines on stderr
  --config FILE         JSON or YAML file of options (keys = the long options above)
  -h, --help            show this help
In a database engine (the scoring query runs there; no --transactions):
  --engine clickhouse   score in ClickHouse over HTTP
  --url URL             HTTP endpoint, e.g. http://127.0.0.1:8123 (no password in it)
  --database NAME       database of the queries (default: the server's)
  --table NAME          transactions table with the model's --map columns (default:
                        transactions)
  --user NAME           user (default: default)
  --password-env VAR    read the password from environment variable VAR (never printed)
  --shards URL/TABLE,…  each shard's server and local table: every shard scores its own
                        customers at once
  --into TABLE          leave the scores in a new ClickHouse table (no --out)
  purchase_probability and the BG/NBD columns have no SQL form and are left out.

Exit codes: 0 done, 2 bad input (one line naming file, row and column), 1 internal error.`;

/** Help of `cohortlab sql`. */
export const SQL_HELP = `Usage: cohortlab sql --model FILE [options]

Writes one SQL query that labels every customer the way a saved pipeline model does —
features from raw transactions, RFM segment, value tier, lifecycle, custom class, cluster,
cluster_name and cluster_distance — so scoring can run where the data lives. The query reads
a table with the model's --map column names; its date column must be a DATE or TIMESTAMP.
purchase_probability and the BG/NBD columns are not part of the query.

  --model FILE          pipeline model written by "cohortlab run"
  --dialect NAME        duckdb (default) or clickhouse
  --table NAME          the transactions table or a parenthesised subquery with an alias,
                        inserted as written (default: transactions)
  --as-of DATE          score as of DATE (YYYY-MM-DD); default: the model's --as-of if it
                        was fitted with one, else the day after the table's last plausible
                        transaction, computed by the query (as cohortlab score does)
  --out FILE            write the query to FILE (default: stdout)
  --force               replace an existing --out file
  --config FILE         JSON or YAML file of options (keys = the long options above)
  -h, --help            show this help

Exit codes: 0 done, 2 bad input (one line naming file, row and column), 1 internal error.`;
