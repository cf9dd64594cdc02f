import { describe, expect, it } from 'vitest';
import { seededFaker } from './faker.js';

describe('seededFaker', () => {
  it('gives the same values for a seed, other values for another, independently of other instances', () => {
    const a = seededFaker(1);
    const b = seededFaker(1);
    const names = [a.person.fullName(), a.company.name(), a.location.city()];
    seededFaker(1).person.fullName(); // another instance does not disturb `b`
    expect([b.person.fullName(), b.company.name(), b.location.city()]).toEqual(names);
    expect(seededFaker(2).person.fullName()).not.toBe(names[0]);
    expect(seededFaker('cards').person.fullName()).toBe(seededFaker('cards').person.fullName());
  });
});
