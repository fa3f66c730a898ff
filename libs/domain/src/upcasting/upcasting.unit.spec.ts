import { currentSchemaVersion, storedSchemaVersion, upcastData } from './upcasting.js';

describe('event schema versions', () => {
  it('gives a type without upcasters version 1 and MonitoringRoundOpened version 2', () => {
    expect(currentSchemaVersion('ActivityPlanned')).toBe(1);
    expect(currentSchemaVersion('MonitoringRoundOpened')).toBe(2);
  });

  it('reads a missing or malformed schemaVersion as 1', () => {
    expect(storedSchemaVersion({})).toBe(1);
    expect(storedSchemaVersion(undefined)).toBe(1);
    expect(storedSchemaVersion({ schemaVersion: '2' })).toBe(1);
    expect(storedSchemaVersion({ schemaVersion: 0 })).toBe(1);
    expect(storedSchemaVersion({ schemaVersion: 2 })).toBe(2);
  });

  it('renames dueDate to deadline in a version 1 MonitoringRoundOpened', () => {
    const v1 = { programmeId: 'pow', period: '2021-Q1', dueDate: '2021-04-15' };
    expect(upcastData('MonitoringRoundOpened', v1, 1)).toEqual({
      data: { programmeId: 'pow', period: '2021-Q1', deadline: '2021-04-15' },
      version: 2,
    });
    expect(v1).toEqual({ programmeId: 'pow', period: '2021-Q1', dueDate: '2021-04-15' }); // not changed in place
  });

  it('hands back the current shape, and other types, as they are', () => {
    const v2 = { programmeId: 'pow', period: '2021-Q1', deadline: '2021-04-15' };
    expect(upcastData('MonitoringRoundOpened', v2, 2).data).toBe(v2);
    const other = { activityId: 'a1' };
    expect(upcastData('ActivityClosed', other, 1)).toEqual({ data: other, version: 1 });
  });

  it('leaves a version newer than it knows unchanged', () => {
    const v3 = { programmeId: 'pow', period: '2021-Q1', due: { date: '2021-04-15' } };
    expect(upcastData('MonitoringRoundOpened', v3, 3)).toEqual({ data: v3, version: 3 });
  });
});
