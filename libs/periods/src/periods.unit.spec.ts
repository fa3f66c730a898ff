import { isPeriod, periodEnd, periodOf, periodStart, periodsBetween } from './index.js';

describe('reporting periods', () => {
  it('knows quarters and months, and nothing else', () => {
    expect(['2021-Q1', '2021-Q4', '2021-01', '2021-12'].every(isPeriod)).toBe(true);
    expect(['2021-Q5', '2021-Q0', '2021-13', '2021-1', '21-Q1', 'Q1-2021'].some(isPeriod)).toBe(false);
  });
  it('gives the first and last day of a period, leap years included', () => {
    expect(periodEnd('2020-Q1')).toBe('2020-03-31');
    expect(periodEnd('2020-02')).toBe('2020-02-29');
    expect(periodEnd('2021-02')).toBe('2021-02-28');
    expect(periodEnd('2021-Q4')).toBe('2021-12-31');
    expect(periodStart('2021-Q3')).toBe('2021-07-01');
    expect(periodStart('2021-11')).toBe('2021-11-01');
  });
  it('orders months and quarters of one year by their end', () => {
    expect(periodEnd('2021-Q1') < periodEnd('2021-04')).toBe(true);
    expect(periodEnd('2021-03')).toBe(periodEnd('2021-Q1'));
  });
  it('lists the periods between two dates', () => {
    expect(periodsBetween('2020-11-15', '2021-04-01', 'quarter')).toEqual(['2020-Q4', '2021-Q1', '2021-Q2']);
    expect(periodsBetween('2020-11-15', '2021-02-01', 'month')).toEqual(['2020-11', '2020-12', '2021-01', '2021-02']);
    expect(periodOf('2021-08-31', 'quarter')).toBe('2021-Q3');
  });
});
