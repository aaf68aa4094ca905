/**
 * Shell runs one command line on the simulated node: it parses the line (parse.ts), runs each
 * pipeline's stages in order with the previous stage's stdout as stdin, honours `;`, `&&`, `||`
 * and `>`/`>>`, and collects what a terminal would show. While a pipeline runs, its stages are in
 * the process table, so `ps aux | grep kube-apiserver` also lists the grep itself, as on a real node.
 */
import { FsError, normalizePath } from '../fs';
import type { HostFileSystem } from '../fs';
import type { ProcessTable } from '../processes';
import { parseShellLine, ShellSyntaxError } from './parse';
import type { SimpleCommand } from './parse';

/** CommandIo is what a command receives besides its arguments. */
export interface CommandIo {
  /** The previous pipeline stage's stdout ("" for the first stage). */
  stdin: string;
  /** `VAR=value` assignments written before the command. */
  env: Record<string, string>;
}

/** CommandResult is a command's output and exit status. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Command implements one program; it may be async when it has to wait for the cluster (systemctl restart). */
export type Command = (args: string[], io: CommandIo) => CommandResult | Promise<CommandResult>;

/** ShellResult is what the whole line printed: `output` interleaves stderr and stdout as a terminal would. */
export interface ShellResult extends CommandResult {
  output: string;
}

/** ok builds a successful result. */
export function ok(stdout: string): CommandResult {
  return { stdout, stderr: '', exitCode: 0 };
}

/** fail builds a failed result with a message on stderr (a newline is added when missing). */
export function fail(stderr: string, exitCode = 1, stdout = ''): CommandResult {
  return { stdout, stderr: stderr.endsWith('\n') || stderr === '' ? stderr : `${stderr}\n`, exitCode };
}

/** Shell holds the command table and runs lines against the node's files and processes. */
export class Shell {
  private readonly commands = new Map<string, Command>();

  constructor(
    private readonly fs: HostFileSystem,
    private readonly processes: ProcessTable,
  ) {}

  /** register adds or replaces a program (by its bare name; `/usr/bin/x` finds `x` too). */
  register(name: string, command: Command): void {
    this.commands.set(name, command);
  }

  /** has tells whether a program is installed. */
  has(name: string): boolean {
    return this.commands.has(name);
  }

  /** run executes `line` and returns everything it printed. */
  async run(line: string): Promise<ShellResult> {
    let pipelines;
    try {
      pipelines = parseShellLine(line);
    } catch (err) {
      if (err instanceof ShellSyntaxError) return { stdout: '', stderr: `${err.message}\n`, exitCode: 2, output: `${err.message}\n` };
      throw err;
    }
    let output = '';
    let stdout = '';
    let stderr = '';
    let exitCode = 0;
    for (const pipeline of pipelines) {
      if (pipeline.connector === '&&' && exitCode !== 0) continue;
      if (pipeline.connector === '||' && exitCode === 0) continue;
      const spawned = pipeline.stages.map((stage) =>
        this.processes.spawn(stage.argv, { tty: 'pts/0', ppid: 1, user: 'root', profile: { cpuPercent: 0, memPercent: 0, vszKb: 9_084, rssKb: 2_304, stat: stage.argv[0] === 'ps' ? 'R+' : 'S+' } }),
      );
      try {
        let stdin = '';
        for (const stage of pipeline.stages) {
          const result = await this.runStage(stage, stdin);
          stderr += result.stderr;
          output += result.stderr;
          stdin = result.stdout;
          exitCode = result.exitCode;
        }
        stdout += stdin;
        output += stdin;
      } finally {
        for (const process of spawned) this.processes.kill(process.pid);
      }
    }
    return { stdout, stderr, exitCode, output };
  }

  private async runStage(stage: SimpleCommand, stdin: string): Promise<CommandResult> {
    const program = stage.argv[0];
    const command = this.commands.get(program.slice(program.lastIndexOf('/') + 1));
    let result: CommandResult = command
      ? await command(stage.argv.slice(1), { stdin, env: stage.env })
      : fail(`bash: ${program}: command not found`, 127);
    if (stage.redirect) result = this.redirect(stage.redirect, result);
    return result;
  }

  private redirect(target: { path: string; append: boolean }, result: CommandResult): CommandResult {
    const path = normalizePath(target.path);
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    if (!this.fs.isDirectory(parent)) return fail(`bash: ${target.path}: No such file or directory`, 1);
    try {
      const before = target.append && this.fs.exists(path) ? this.fs.readFile(path) : '';
      this.fs.writeFile(path, before + result.stdout);
    } catch (err) {
      if (err instanceof FsError) return fail(`bash: ${target.path}: ${err.reason}`, 1);
      throw err;
    }
    return { ...result, stdout: '' };
  }
}
