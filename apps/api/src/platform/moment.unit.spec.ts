import { endOfAmsterdamDay, momentOf } from './moment.js';

describe('a plain date as a moment', () => {
  it('is the last millisecond of that day in Amsterdam, in winter time (UTC+1)', () => {
    expect(endOfAmsterdamDay('2021-01-10')).toBe('2021-01-10T22:59:59.999Z');
  });

  it('is the last millisecond of that day in Amsterdam, in summer time (UTC+2)', () => {
    expect(endOfAmsterdamDay('2021-06-30')).toBe('2021-06-30T21:59:59.999Z');
  });

  it('follows the clock change: the day summer time starts ends at +2, the day it ends at +1', () => {
    expect(endOfAmsterdamDay('2021-03-28')).toBe('2021-03-28T21:59:59.999Z');
    expect(endOfAmsterdamDay('2021-03-27')).toBe('2021-03-27T22:59:59.999Z');
    expect(endOfAmsterdamDay('2021-10-31')).toBe('2021-10-31T22:59:59.999Z');
    expect(endOfAmsterdamDay('2021-10-30')).toBe('2021-10-30T21:59:59.999Z');
  });

  it('crosses the year end', () => {
    expect(endOfAmsterdamDay('2020-12-31')).toBe('2020-12-31T22:59:59.999Z');
  });

  it('takes an instant as it is and refuses what is neither', () => {
    expect(momentOf('2021-01-10T00:00:00+01:00')).toBe('2021-01-09T23:00:00.000Z');
    expect(momentOf('2021-01-10')).toBe('2021-01-10T22:59:59.999Z');
    for (const bad of ['2021-02-30', 'yesterday', '2021-01-10T25:00:00Z', 20210110, undefined]) {
      expect(momentOf(bad)).toBeUndefined();
    }
  });
});
