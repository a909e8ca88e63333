/**
 * `npm run bench -- NAME` runs the benchmark in bench/NAME.ts (its exported `run`). Without a known NAME it lists
 * the benchmarks there are. Benchmarks are never part of `npm test`; each prints its figures, the machine it ran on,
 * and one JSON line per database at the end.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Benchmark {
  run(args: string[]): Promise<void>;
}

const folder = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(folder)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  if (name) console.error(`Không có benchmark "${name}" (unknown benchmark).`);
  console.error(
    `Cách dùng (usage): npm run bench -- <tên>\nCác benchmark (available): ${available.join(', ')}`,
  );
  process.exitCode = name ? 1 : 0;
} else {
  const benchmark = (await import(`./${name}.ts`)) as Benchmark;
  await benchmark.run(args);
}
