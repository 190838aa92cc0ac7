// Helpers shared by the compatibility scripts: waiting on a growing event list.
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until an event after index `from` matches; returns its index. */
export async function waitFor(events, pred, { from = 0, ms = 60000, what = 'event' } = {}) {
  const deadline = Date.now() + ms;
  for (let i = from; ; ) {
    for (; i < events.length; i++) if (pred(events[i])) return i;
    if (Date.now() > deadline) {
      throw new Error(`no ${what} in ${ms} ms; saw ${events.map((e) => e.type).join(',')}`);
    }
    await sleep(10);
  }
}

export const ofType = (t) => (e) => e.type === t;
