#!/usr/bin/env node
// The `hubjobs` command. The sources are TypeScript run by Node's own type stripping (no
// build step), which needs Node 22.18 or later; say so plainly instead of a syntax error.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`hubjobs needs Node 24 (found ${process.version}); run it with npx or the project's node_modules/.bin/node (see docs/quickstart.md)\n`);
  process.exit(2);
}
// `hubjobs plan | head` closes the pipe early: that is the reader's choice, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
