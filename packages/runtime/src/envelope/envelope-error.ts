/** An envelope that cannot be read: `field` names the offending field (dotted path) so the sender can fix it. */
export class EnvelopeError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'EnvelopeError';
  }
}
