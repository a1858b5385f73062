// `node src/cli/hub-main.ts [hub options]`: the emulator as a process of its own (the persistence
// test), the same as `hubjobs hub` without the CLI dispatcher (npm start runs `bin/hubjobs.js hub`).
import { run } from "./commands/hub.ts";

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
