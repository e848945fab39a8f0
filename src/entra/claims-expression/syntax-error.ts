/** A claims-matching expression that does not parse; `position` is the 0-based character offset. */
export class ExpressionSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} at position ${position}`);
    this.name = 'ExpressionSyntaxError';
  }
}
