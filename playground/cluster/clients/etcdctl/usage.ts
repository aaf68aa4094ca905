/**
 * etcdctl's exit codes (etcdctl/ctlv3/command/error.go) and the error for bad arguments, which
 * etcdctl reports as `Error: <message>` with exit code 128 (ExitBadArgs).
 */

/** EXIT codes used by etcdctl. */
export const EXIT = { success: 0, error: 1, badConnection: 2, invalidInput: 3, badFeature: 4, interrupted: 5, badArgs: 128 } as const;

/** EtcdctlUsageError is an invalid command line (exit code 128). */
export class EtcdctlUsageError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.badArgs,
  ) {
    super(message);
    this.name = 'EtcdctlUsageError';
  }
}
