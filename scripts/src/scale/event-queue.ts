/**
 * A min-heap of timed events. Ties go to the event scheduled first, so a run is deterministic:
 * the same seed replays the same events in the same order (and so draws the same random numbers).
 */
export interface EventQueue<T> {
  push(atMs: number, event: T): void;
  pop(): { atMs: number; event: T } | undefined;
  readonly size: number;
}

export function createEventQueue<T>(): EventQueue<T> {
  const times: number[] = [];
  const order: number[] = [];
  const events: T[] = [];
  let scheduled = 0;
  const less = (a: number, b: number) =>
    (times[a] as number) < (times[b] as number) ||
    (times[a] === times[b] && (order[a] as number) < (order[b] as number));
  const swap = (a: number, b: number) => {
    [times[a], times[b]] = [times[b] as number, times[a] as number];
    [order[a], order[b]] = [order[b] as number, order[a] as number];
    [events[a], events[b]] = [events[b] as T, events[a] as T];
  };
  return {
    push(atMs, event) {
      times.push(atMs);
      order.push(scheduled++);
      events.push(event);
      let i = times.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!less(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    },
    pop() {
      if (times.length === 0) return undefined;
      const top = { atMs: times[0] as number, event: events[0] as T };
      const last = times.length - 1;
      swap(0, last);
      times.pop();
      order.pop();
      events.pop();
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < times.length && less(left, smallest)) smallest = left;
        if (right < times.length && less(right, smallest)) smallest = right;
        if (smallest === i) break;
        swap(i, smallest);
        i = smallest;
      }
      return top;
    },
    get size() {
      return times.length;
    },
  };
}
