import { spawnSync } from 'node:child_process';
import { cp, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from './lib/index.ts';

/**
 * Follows a deploy recipe from README.md ("Deploying") the way an operator would, with the
 * system paths moved into a scratch directory: `/var/www` and `/etc/nginx` become directories
 * under `scratch`, `sudo` is dropped, and `npm run build` writes to a scratch dist/ (so the
 * tests never overwrite the repository's dist/). A command the test does not know fails it, so
 * the README cannot drift from what is tested.
 */

/** Recipe is the result of following one README block. */
export interface Recipe {
  /** The commands, as written in the README. */
  commands: string[];
  /** The build's SITE_BASE and SITE_URL. */
  base: string;
  siteUrl: string | undefined;
  /** The scratch directory standing in for /var/www/kube-api (nginx's `root`). */
  webRoot: string;
  /** The nginx config file the recipe copied. */
  nginxConfig: string;
}

/** recipeCommands reads the shell block after `<!-- deploy-test: NAME -->` in README.md. */
export async function recipeCommands(name: string): Promise<string[]> {
  const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  const match = new RegExp(`<!-- deploy-test: ${name} -->\\s*\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match) throw new Error(`README.md has no deploy recipe "${name}"`);
  return match[1]!.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
}

/** followRecipe runs the README block `name` in `scratch`. */
export async function followRecipe(name: string, scratch: string): Promise<Recipe> {
  const commands = await recipeCommands(name);
  const outDir = join(scratch, 'dist');
  const mapPath = (path: string) =>
    path
      .replace(/^\/var\/www\//, `${join(scratch, 'var-www')}/`)
      .replace(/^\/etc\/nginx\//, `${join(scratch, 'etc-nginx')}/`)
      .replace(/^dist\//, `${outDir}/`);
  const recipe: Recipe = { commands, base: '/', siteUrl: undefined, webRoot: join(scratch, 'var-www', 'kube-api'), nginxConfig: '' };
  let reloaded = false;
  for (const command of commands) {
    const words = command.replace(/\bsudo /g, '').split(/\s+/);
    const env: Record<string, string> = {};
    while (words[0] && /^[A-Z_]+=/.test(words[0])) {
      const [key, ...value] = words.shift()!.split('=');
      env[key!] = value.join('=');
    }
    const line = words.join(' ');
    if (line === 'npm run build') {
      recipe.base = env.SITE_BASE ?? '/';
      recipe.siteUrl = env.SITE_URL;
      const build = spawnSync('npm', ['run', 'build', '--', '--outDir', outDir], {
        cwd: repoRoot,
        env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env },
        encoding: 'utf8',
      });
      if (build.status !== 0) throw new Error(`"${command}" failed:\n${build.stdout}\n${build.stderr}`);
    } else if (words[0] === 'mkdir' && words[1] === '-p' && words.length === 3) {
      await mkdir(mapPath(words[2]!), { recursive: true, mode: 0o755 });
    } else if (words[0] === 'cp' && words[1] === '-R' && words[2] === 'dist/.' && words.length === 4) {
      await cp(outDir, mapPath(words[3]!), { recursive: true });
    } else if (words[0] === 'cp' && words[1] === 'deploy/nginx.conf' && words.length === 3) {
      recipe.nginxConfig = mapPath(words[2]!);
      await mkdir(join(recipe.nginxConfig, '..'), { recursive: true });
      await cp(join(repoRoot, 'deploy', 'nginx.conf'), recipe.nginxConfig);
    } else if (line === 'nginx -t && systemctl reload nginx') {
      reloaded = true; // the caller starts nginx with the copied config (see startNginx)
    } else {
      throw new Error(`README deploy recipe "${name}": the test does not know how to follow "${command}"`);
    }
  }
  if (!recipe.nginxConfig || !reloaded) throw new Error(`README deploy recipe "${name}" never installs the nginx config and reloads`);
  return recipe;
}
