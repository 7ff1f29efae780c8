import { ProjectShares } from './project-shares';

describe('ProjectShares', () => {
  it('lets a project alone take every slot, the reserve included', () => {
    const shares = new ProjectShares(10, 4);
    for (let free = 10; free > 0; free--) {
      expect(shares.mayTake('a', free)).toBe(true);
      shares.take('a');
    }
    expect(shares.mayTake('a', 0)).toBe(false);
  });

  it('keeps the reserve for a newcomer once a flooding project holds more than its share', () => {
    const shares = new ProjectShares(10, 4);
    for (let i = 0; i < 6; i++) shares.take('a'); // 4 free: the reserve
    expect(shares.mayTake('b', 4)).toBe(true); // b is under its share (10 / 2)
    expect(shares.mayTake('a', 4)).toBe(false); // a holds 6 ≥ 5
    expect(shares.overShare(4)).toEqual(['a']);
    expect(shares.overShare(5)).toEqual([]); // above the reserve anyone may take
  });

  it('forgets a project that stopped asking', () => {
    let now = 0;
    const shares = new ProjectShares(10, 4, 1_000, () => now);
    for (let i = 0; i < 6; i++) shares.take('a');
    shares.mayTake('b', 4);
    expect(shares.share()).toBe(5);
    now = 2_000;
    expect(shares.share()).toBe(10);
    expect(shares.mayTake('a', 4)).toBe(true);
  });

  it('gives slots back', () => {
    const shares = new ProjectShares(10, 4);
    shares.take('a');
    shares.take('a');
    shares.release('a');
    expect(shares.heldBy('a')).toBe(1);
    shares.release('a');
    expect(shares.heldBy('a')).toBe(0);
    expect(shares.overShare(0)).toEqual([]);
  });
});
