/**
 * The `congdoan` command: `npx congdoan --help`. Each sub-command lives in its own file (registered in
 * program.ts); every one reads the same configuration (DATABASE_URL, CONGDOAN_DATA_DIR …) and closes the database
 * when it ends.
 */
import { buildProgram } from './program';

await buildProgram().parseAsync(process.argv);
