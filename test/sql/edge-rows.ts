// A hand-made transactions table with the awkward cases: returns inside an order and as their
// own order, a customer with only refunds, NULL categories and order ids, rows after the as-of
// date, customers without purchases in a window, amounts that are not exact in binary, and
// several customers tied at the same values (so learned edges and thresholds sit on ties).
export const AS_OF = '2024-07-01';
export type Row = [
  customer: string | null,
  date: string,
  amount: number | null,
  order: string | null,
  category: string | null,
];
export const ROWS: Row[] = [
  ['alice', '2024-01-10', 30, 'o1', 'books'],
  ['alice', '2024-01-10', 20, 'o1', 'books'],
  ['alice', '2024-03-05', 50, 'o2', 'music'],
  ['alice', '2024-06-20', 10, 'o3', null],
  ['bob', '2024-02-01', 100, 'o4', 'electronics'],
  ['bob', '2024-02-01', -40, 'o4', 'electronics'], // a return netted inside the order
  ['bob', '2024-05-01', -25, 'o5', 'electronics'], // a return order of its own
  ['carol', '2024-04-01', -15.5, 'r1', 'toys'], // only refunds
  ['carol', '2024-04-10', -4.5, 'r2', 'toys'],
  ['dave', '2023-01-15', 42, 'o6', 'books'], // nothing in any window
  [' erin ', '2024-06-01', 0.1, null, 'music'], // no order id: the day is the order
  ['erin', '2024-06-01', 0.2, null, 'music'],
  ['erin', '2024-06-25', 0.3, 'o7', 'toys'],
  ['frank', '2024-05-15', 50, 'o8', 'music'], // frank, gina and hank tie on everything
  ['gina', '2024-05-15', 50, 'o9', 'music'],
  ['hank', '2024-05-15', 50, 'o10', 'music'],
  ['ivan', '2024-08-01', 99, 'o11', 'books'], // after as-of only: not a customer yet
  ['judy', '2024-06-30', 12.34, 'o12', 'books'],
  ['judy', '2024-08-02', 500, 'o13', 'books'], // after as-of: ignored
  ['judy', '2023-12-31', 7.66, 'o14', null],
  ['   ', '2024-03-01', 5, 'o15', 'books'], // blank id: dropped
  ['kim', '2024-03-01', null, 'o16', 'books'], // no amount: dropped
  ['kim', '2024-02-29', 19.99, 'o17', 'music'],
  ['kim', '2024-04-30', 19.99, 'o18', 'music'],
  ['kim', '2024-06-29', 19.99, 'o19', 'music'],
  ['lee', '2024-06-29', 19.99, 'o20', 'toys'],
];
