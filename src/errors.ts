/** Operational failures. Mapped to HTTP only in the http layer; `expose` texts are safe to show. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 500,
    readonly expose = false,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
