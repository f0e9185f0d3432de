/**
 * Runs async tasks one at a time, in call order. TypeORM's better-sqlite3 driver shares one connection, so two
 * concurrent transactions would nest as savepoints of one another instead of being isolated; queueing the
 * programme writes makes each check-then-write atomic within the process.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
