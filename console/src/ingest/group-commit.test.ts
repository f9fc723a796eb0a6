import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../testing/memory-logger.ts';
import { createGroupCommit } from './group-commit.ts';

/** A fake database: records what each transaction held and when callbacks ran against commits. */
function fakeStore(options: { failCommit?: boolean; failTopic?: string; maxBatch?: number } = {}) {
  const events: string[] = [];
  const store = createGroupCommit({
    handle: (topic) => {
      events.push(`store ${topic}`);
      return topic === options.failTopic ? new Error(`cannot store ${topic}`) : undefined;
    },
    transaction: (work) => {
      events.push('begin');
      work();
      if (options.failCommit) throw new Error('disk I/O error');
      events.push('commit');
    },
    logger: createMemoryLogger().logger,
    maxBatch: options.maxBatch,
  });
  const publish = (topic: string) =>
    new Promise<string>((resolve) => {
      store(topic, Buffer.from('{}'), (error) => {
        events.push(`done ${topic}${error ? `: ${error.message}` : ''}`);
        resolve(error?.message ?? 'ok');
      });
    });
  return { events, publish };
}

describe('group commit', () => {
  it('stores the messages of one event-loop turn in one transaction, and calls back after the commit', async () => {
    const { events, publish } = fakeStore();
    expect(await Promise.all([publish('a'), publish('b'), publish('c')])).toEqual(['ok', 'ok', 'ok']);
    expect(await publish('d')).toBe('ok');
    expect(events).toEqual([
      'begin',
      'store a',
      'store b',
      'store c',
      'commit',
      'done a',
      'done b',
      'done c',
      'begin',
      'store d',
      'commit',
      'done d',
    ]);
  });

  it('refuses only the message that could not be stored', async () => {
    const { publish } = fakeStore({ failTopic: 'b' });
    expect(await Promise.all([publish('a'), publish('b'), publish('c')])).toEqual([
      'ok',
      'cannot store b',
      'ok',
    ]);
  });

  it('refuses every message of the batch when the commit fails', async () => {
    const { events, publish } = fakeStore({ failCommit: true });
    expect(await Promise.all([publish('a'), publish('b')])).toEqual(['disk I/O error', 'disk I/O error']);
    expect(events).not.toContain('commit');
  });

  it('commits at once when a batch is full', async () => {
    const { events, publish } = fakeStore({ maxBatch: 2 });
    await Promise.all([publish('a'), publish('b'), publish('c')]);
    expect(events.filter((event) => event === 'commit')).toHaveLength(2);
    expect(events.indexOf('done b')).toBeLessThan(events.indexOf('store c'));
  });
});
