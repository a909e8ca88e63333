/**
 * `npm start`'s first step: builds the web app (vite, into dist/web) unless the build there is newer than every file
 * it is built from (web/, the server code it imports from src/, the package files). A fresh clone or a changed
 * source builds; a second start goes straight to the server.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILT = 'dist/web/index.html';
const SOURCES = ['web', 'src', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** The newest modification time of a file under `path`, or 0 when it does not exist. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (latest, entry) => Math.max(latest, newest(join(path, entry))),
    stat.mtimeMs,
  );
}

const built = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
if (built > Math.max(...SOURCES.map(newest))) {
  console.log('Giao diện web (dist/web) đã được dựng từ mã nguồn hiện tại: bỏ qua bước dựng.');
} else {
  const run = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
