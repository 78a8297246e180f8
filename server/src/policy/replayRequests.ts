// Distinct requests in a stream of audit events, in memory bounded by the requests in flight.
// A request's events are written in stage order (RequestReceived, ResponseStarted, then
// ResponseComplete or Panic), so a request is new when its auditID is not among the requests
// seen at an earlier stage and not yet finished. Finished requests are forgotten at once.

/** Stages after which a request logs more; any other stage (even a misspelt one) ends it. */
const OPENING_STAGES = new Set(['RequestReceived', 'ResponseStarted']);

export class OpenRequests {
  private readonly open = new Set<string>();
  /** Requests forgotten unfinished because more than `capacity` were open at once. */
  evicted = 0;

  constructor(private readonly capacity: number) {}

  /** Records one event; returns true when it is the first event of its request. */
  observe(auditID: string, stage: string): boolean {
    if (auditID === '') return true;
    const seen = this.open.has(auditID);
    if (!OPENING_STAGES.has(stage)) {
      if (seen) this.open.delete(auditID);
      return !seen;
    }
    if (!seen) {
      if (this.open.size >= this.capacity) this.forgetOldest();
      this.open.add(auditID);
    }
    return !seen;
  }

  private forgetOldest(): void {
    // A Set iterates in insertion order: the first entry is the longest open.
    const oldest = this.open.values().next();
    if (!oldest.done) this.open.delete(oldest.value);
    this.evicted++;
  }
}
