/** PatchError is a patch that cannot be decoded (`badRequest`: 400) or applied (422). */
export class PatchError extends Error {
  constructor(
    message: string,
    readonly badRequest = false,
  ) {
    super(message);
    this.name = 'PatchError';
  }
}
