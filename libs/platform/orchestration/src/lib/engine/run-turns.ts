/**
 * One run's continuations in this process, one at a time. Two replies to one run (a parallel
 * step's branches answering together) would otherwise race on the run's stream: both commit
 * against the same version, one loses, reloads and resolves again. Taking turns costs nothing
 * when replies come apart and saves the lost commit when they come together. Other processes are
 * still kept apart by the stream's expected version.
 *
 * @example await turns.take(runId, () => engine.continueWithinTurn(envelope, target));
 */
export class RunTurns {
  private readonly tails = new Map<string, Promise<unknown>>();

  async take<T>(runId: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(runId) ?? Promise.resolve();
    const turn = before.then(work, work);
    const tail = turn.catch(() => undefined);
    this.tails.set(runId, tail);
    try {
      return await turn;
    } finally {
      if (this.tails.get(runId) === tail) this.tails.delete(runId);
    }
  }
}
