/** An expected refusal a route turns into a status and a message next to the form. */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 410 | 429,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
