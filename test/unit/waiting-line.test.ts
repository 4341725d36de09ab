import { createWaitingLine } from '../../src/queue/keyed-queue';

/** A line on a hand-moved clock. */
function line(headStartMs: number) {
  let t = 1_000_000;
  const w = createWaitingLine(headStartMs, () => t);
  const takeAll = () => {
    const out: string[] = [];
    for (let k = w.take(); k !== undefined; k = w.take()) out.push(k);
    return out;
  };
  return { w, takeAll, at: (ms: number) => (t = 1_000_000 + ms) };
}

describe('the line of keys waiting for a slot', () => {
  it('when no key was served lately, then they are taken in arrival order', () => {
    const { w, takeAll, at } = line(1000);
    for (const [i, k] of ['a', 'b', 'c'].entries()) {
      at(i);
      w.add(k);
    }
    expect(takeAll()).toEqual(['a', 'b', 'c']);
  });

  it('when a key served a moment ago waits beside keys never served, then the new keys go first', () => {
    const { w, takeAll, at } = line(1000);
    at(0);
    w.served('going-on');
    at(10);
    w.add('going-on');
    at(20);
    w.add('new-1');
    at(30);
    w.add('new-2');
    expect(takeAll()).toEqual(['new-1', 'new-2', 'going-on']);
  });

  it('when new keys arrive more than the head start after a key being served again, then that key goes first', () => {
    const { w, takeAll, at } = line(1000);
    at(0);
    w.served('going-on');
    at(10);
    w.add('going-on');
    at(500);
    w.add('new-early');
    at(1011);
    w.add('new-late');
    expect(takeAll()).toEqual(['new-early', 'going-on', 'new-late']);
  });

  it('when the head start is 0, then it is plain arrival order whatever was served', () => {
    const { w, takeAll, at } = line(0);
    at(0);
    w.served('going-on');
    at(10);
    w.add('going-on');
    at(20);
    w.add('new');
    expect(takeAll()).toEqual(['going-on', 'new']);
  });

  it('when a key was last served more than a minute ago, then it counts as new again', () => {
    const { w, takeAll, at } = line(1000);
    at(0);
    w.served('back-later');
    at(60_000);
    w.served('going-on');
    at(60_010);
    w.add('going-on');
    at(60_020);
    w.add('back-later');
    expect(takeAll()).toEqual(['back-later', 'going-on']);
  });

  it('when a key already in line is added again, then it keeps its place and is taken once', () => {
    const { w, takeAll, at } = line(1000);
    at(0);
    w.add('a');
    at(1);
    w.add('b');
    at(2);
    w.add('a');
    expect(w.size).toBe(2);
    expect(w.has('a')).toBe(true);
    expect(takeAll()).toEqual(['a', 'b']);
    expect(w.has('a')).toBe(false);
  });
});
