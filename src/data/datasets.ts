/**
 * The real data sets shipped inside the package (its `data/` folder), reachable from any
 * project that installs cohortlab: {@link datasetPath} gives a file's absolute path and
 * {@link datasets} loads one with the right column mapping. Provenance and licences:
 * `data/README.md` in the package.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { ColumnTable } from '../table/column-table.js';
import { loadCustomers, type Customers, type LoadCustomersOptions } from './customers.js';
import { readTable, type ReadTableOptions } from './read-table.js';
import {
  loadTransactions,
  type LoadTransactionsOptions,
  type TransactionMapping,
  type Transactions,
} from './transactions.js';

/** A bundled data set. */
export interface DatasetInfo {
  /** The name {@link datasetPath} takes. */
  readonly name: DatasetName;
  /** File name inside the package's `data/` folder. */
  readonly file: string;
  /** Data rows in the file. */
  readonly rows: number;
  /** What it holds. */
  readonly description: string;
  /** Where it comes from. */
  readonly source: string;
}

/** Names of the bundled data sets. */
export type DatasetName = 'cdnow' | 'cdnow-summary' | 'cdnow-spend' | 'wholesale' | 'mall';

/** The bundled data sets, by name. */
export const DATASETS: Readonly<Record<DatasetName, DatasetInfo>> = {
  cdnow: {
    name: 'cdnow',
    file: 'cdnow_master.txt',
    rows: 69659,
    description: 'CDNOW: every purchase of 23,570 customers who first bought in Q1 1997, to 1998-06-30',
    source: "Fader & Hardie's CDNOW data set, via the lifetimes project (MIT)",
  },
  'cdnow-summary': {
    name: 'cdnow-summary',
    file: 'cdnow_customers_summary.csv',
    rows: 2357,
    description: 'the 2,357-customer CDNOW sample summarised for BG/NBD (frequency, recency, T in weeks)',
    source: 'Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way"',
  },
  'cdnow-spend': {
    name: 'cdnow-spend',
    file: 'cdnow_customers_summary_with_transactions.csv',
    rows: 2357,
    description:
      'the same 2,357 customers with zbar, the mean value of their repeat purchases (Gamma-Gamma)',
    source: 'Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves"',
  },
  wholesale: {
    name: 'wholesale',
    file: 'wholesale_customers.csv',
    rows: 440,
    description: 'annual spend of 440 clients of a Portuguese wholesale distributor, with Channel and Region',
    source: 'UCI Machine Learning Repository, "Wholesale customers" (Cardoso, 2014), CC BY 4.0',
  },
  mall: {
    name: 'mall',
    file: 'mall_customers.csv',
    rows: 200,
    description: '200 mall customers: gender, age, annual income (k$), spending score',
    source: 'Kaggle "Mall Customer Segmentation Data" (teaching data)',
  },
};

/** The column mapping of the CDNOW transactions file. */
export const CDNOW_MAPPING: TransactionMapping = {
  customerId: 'customer_id',
  date: 'date',
  amount: 'dollar_value',
};

// src/data/ and dist/data/ both sit two levels below the package root, next to data/.
const DATA_DIR = new URL('../../data/', import.meta.url);

/**
 * Absolute path of a bundled data file, wherever the package is installed:
 * `loadTransactions(datasetPath('cdnow'), { map: CDNOW_MAPPING })`.
 */
export function datasetPath(name: DatasetName): string {
  const info = (DATASETS as Partial<Record<string, DatasetInfo>>)[name];
  if (info === undefined) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `no bundled data set named "${String(name)}"; choose one of ${Object.keys(DATASETS).join(', ')}`,
    );
  }
  const path = fileURLToPath(new URL(info.file, DATA_DIR));
  if (!existsSync(path)) {
    throw new CohortlabError('FILE_NOT_FOUND', 'bundled data file is missing from the installed package', {
      file: path,
    });
  }
  return path;
}

/** Loaders of the bundled data sets, each with the right mapping. */
export const datasets = {
  /** CDNOW transactions (69,659 rows, 23,570 customers), mapped: id, date, amount. */
  cdnow(options: Omit<LoadTransactionsOptions, 'map'> = {}): Promise<Transactions> {
    return loadTransactions(datasetPath('cdnow'), { ...options, map: CDNOW_MAPPING });
  },
  /** The BG/NBD summary of the CDNOW sample: ID, frequency, recency, T (weeks). */
  cdnowSummary(options: ReadTableOptions = {}): Promise<ColumnTable> {
    return readTable(datasetPath('cdnow-summary'), options);
  },
  /** The CDNOW sample with spend: ID, x (repeat purchases), t_x, T (weeks), zbar (dollars). */
  cdnowSpend(options: ReadTableOptions = {}): Promise<ColumnTable> {
    return readTable(datasetPath('cdnow-spend'), options);
  },
  /** The wholesale clients' spend table (440 rows; Channel and Region are codes). */
  wholesale(options: ReadTableOptions = {}): Promise<ColumnTable> {
    return readTable(datasetPath('wholesale'), options);
  },
  /** The mall customers as a customer table keyed by `CustomerID`. */
  mall(options: Partial<LoadCustomersOptions> = {}): Promise<Customers> {
    return loadCustomers(datasetPath('mall'), { ...options, idColumn: 'CustomerID' });
  },
  /** Every bundled data set with its description. */
  list(): DatasetInfo[] {
    return Object.values(DATASETS);
  },
};
