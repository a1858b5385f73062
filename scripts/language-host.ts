// A minimal Pulumi language host for Node.js programs, run by Node 24.
//
// Why it exists: the engine runs a program through a `pulumi-language-nodejs` plugin. The official one is
// a Go binary in a nested module that the Go module proxy does not serve, so an offline machine cannot
// build it. This host speaks the same LanguageRuntime gRPC protocol and, like the official host, runs the
// program in a child process through `@pulumi/pulumi/cmd/run`, so `pulumi preview/up/refresh/destroy`
// behave as they do with the real host (config, secrets, dry runs, error reporting, exit codes).
// `scripts/setup-pulumi.sh` installs a two-line `pulumi-language-nodejs` shim that starts this file.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { exitWithParent } from "../src/util/exit-with-parent.ts";

const require = createRequire(import.meta.url);
const grpc = require("@grpc/grpc-js");
const langGrpc = require("@pulumi/pulumi/proto/language_grpc_pb.js");
const langProto = require("@pulumi/pulumi/proto/language_pb.js");
const pluginProto = require("@pulumi/pulumi/proto/plugin_pb.js");
const sdkVersion: string = require("@pulumi/pulumi/package.json").version;

/** Exit code of `cmd/run` meaning "the error was already shown to the user": the engine should just bail. */
const EXIT_ALREADY_REPORTED = 32;

type Callback = (err: Error | null, value?: unknown) => void;
type Call = { request: any };

/** Program settings from Pulumi.yaml's `runtime.options` (typescript, nodeargs). */
function runtimeOptions(info: any): { typescript: boolean; nodeargs: string[] } {
  const options = info?.getOptions?.()?.toJavaScript?.() ?? {};
  const nodeargs = typeof options.nodeargs === "string" ? options.nodeargs.split(/\s+/).filter(Boolean) : [];
  // Default false: this project runs TypeScript through Node's own type stripping, never ts-node.
  return { typescript: options.typescript === true, nodeargs };
}

/** The program to run: an absolute path from the request's program info, or the legacy `program` field. */
function programPath(req: any): { program: string; root: string } {
  const info = req.getInfo?.();
  if (info && info.getProgramDirectory()) {
    const dir = info.getProgramDirectory();
    const entry = info.getEntryPoint() || ".";
    return { program: entry === "." ? dir : path.resolve(dir, entry), root: info.getRootDirectory() || dir };
  }
  const program = req.getProgram() || ".";
  return { program, root: req.getPwd() || process.cwd() };
}

/** Config as the Node SDK reads it from PULUMI_CONFIG: a JSON object of `namespace:key` to string. */
function configJson(req: any): string {
  const config: Record<string, string> = {};
  for (const [key, value] of req.getConfigMap().entries()) config[key] = value;
  return JSON.stringify(config);
}

function runArgs(req: any, engineAddress: string, runPath: string): { args: string[]; typescript: boolean } {
  const { typescript, nodeargs } = runtimeOptions(req.getInfo?.());
  const { program, root } = programPath(req);
  const args = [...nodeargs, runPath];
  const add = (flag: string, value: string | number | undefined) => {
    if (value !== undefined && value !== "") args.push(`--${flag}`, String(value));
  };
  add("monitor", req.getMonitorAddress());
  add("engine", engineAddress);
  add("organization", req.getOrganization());
  add("project", req.getProject());
  add("stack", req.getStack());
  add("pwd", req.getPwd());
  add("root-directory", root);
  if (req.getDryrun()) args.push("--dry-run");
  add("parallel", req.getParallel());
  args.push(program, ...req.getArgsList());
  return { args, typescript };
}

function makeHost(engineAddressFromArgs: string) {
  let engineAddress = engineAddressFromArgs;
  const runPath = path.dirname(require.resolve("@pulumi/pulumi/cmd/run/index.js"));
  return {
    handshake(call: Call, callback: Callback) {
      engineAddress = call.request.getEngineAddress() || engineAddress;
      callback(null, new langProto.LanguageHandshakeResponse());
    },
    getRequiredPlugins(_call: Call, callback: Callback) {
      // Dynamic providers need no downloaded plugin; plugin acquisition is disabled offline anyway.
      const response = new langProto.GetRequiredPluginsResponse();
      response.setPluginsList([]);
      callback(null, response);
    },
    getRequiredPackages(_call: Call, callback: Callback) {
      const response = new langProto.GetRequiredPackagesResponse();
      response.setPackagesList([]);
      callback(null, response);
    },
    getPluginInfo(_call: Call, callback: Callback) {
      const info = new pluginProto.PluginInfo();
      info.setVersion(sdkVersion);
      callback(null, info);
    },
    about(_call: Call, callback: Callback) {
      const response = new langProto.AboutResponse();
      response.setExecutable(process.execPath);
      response.setVersion(process.version);
      callback(null, response);
    },
    getProgramDependencies(_call: Call, callback: Callback) {
      callback(null, new langProto.GetProgramDependenciesResponse());
    },
    installDependencies(call: { end(): void }) {
      // `npm ci` is the project's install step; nothing to do here.
      call.end();
    },
    run(call: Call, callback: Callback) {
      const req = call.request;
      const { args, typescript } = runArgs(req, engineAddress, runPath);
      const env = {
        ...process.env,
        PULUMI_CONFIG: configJson(req),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
        PULUMI_NODEJS_TYPESCRIPT: String(typescript),
      };
      // Output goes to our own stdout/stderr, which the engine shows as the program's output.
      const child = spawn(process.execPath, args, { cwd: req.getPwd() || undefined, env, stdio: ["ignore", "inherit", "inherit"] });
      programs.add(child);
      child.on("exit", () => programs.delete(child));
      child.on("error", (err) => {
        const response = new langProto.RunResponse();
        response.setError(`could not start the program: ${err.message}`);
        callback(null, response);
      });
      child.on("exit", (code, signal) => {
        const response = new langProto.RunResponse();
        if (code === EXIT_ALREADY_REPORTED) response.setBail(true);
        else if (code !== 0) response.setError(`Program exited with non-zero exit code: ${code ?? signal}`);
        callback(null, response);
      });
    },
  };
}

/** Programs running now: they end with this host, which ends with the engine. */
const programs = new Set<ChildProcess>();

function main(): void {
  exitWithParent(() => {
    for (const child of programs) child.kill("SIGKILL");
  });
  // The engine passes flags (e.g. --logtostderr, -v=9, --tracing) and then the engine address.
  const positional = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(langGrpc.LanguageRuntimeService, makeHost(positional[0] ?? ""));
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, port: number) => {
    if (err) {
      process.stderr.write(`language host: ${err.message}\n`);
      process.exit(1);
    }
    // The engine reads the port from our first line of output.
    process.stdout.write(`${port}\n`);
  });
}

main();
